export { buildApp, type BuildAppOptions } from './app.js';
export { startServer, type RunningServer, type StartOptions } from './main.js';
export { resolveConfig, databaseFile, DEFAULT_CONFIG, type ServerConfig } from './config.js';
export { openDatabase, MIGRATIONS_FOLDER, type AppDatabase, type Db } from './db/client.js';
export { createServices, type Services } from './services/index.js';
export {
  ServerEvents,
  type ServerEventMap,
  type DeviceStatusChangedEvent,
  type FindingsChangedEvent,
  type EvaluationCause,
} from './services/events.js';
export { CommandsService, type CommandInput } from './services/commands.service.js';
export { AgentRegistry } from './ws/agent-registry.js';
export { runCheckinJob } from './scheduler/checkin.job.js';
export { runExceptionExpiryJob } from './scheduler/exception-expiry.job.js';
export { base32Decode, hotp, totp } from './services/totp.js';
