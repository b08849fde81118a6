/** Library entry of @safefleet/agent (the CLI is src/cli.ts). Used by end-to-end tests and tooling. */
export { Agent, createStdoutLog, isoNow, NotEnrolledError, runAgent, type AgentOptions, type Log } from './agent.js';
export { handleNotify } from './notify/index.js';
export { CollectionScheduler, formatDuration, parseDuration, type CollectReason, type SchedulerOptions } from './scheduler/index.js';
export * from './state/index.js';
export * from './transport/index.js';
export { AGENT_VERSION } from './version.js';
