export { describeClose, type CloseInfo } from './close-reasons.js';
export { backoffDelay, DEFAULT_BACKOFF, formatDelay, type BackoffOptions } from './backoff.js';
export { Outbox, OUTBOX_DEFAULTS, outboxFileName, type OutboxEntry, type OutboxOptions } from './outbox.js';
export { WsClient, type WsClientEvents, type WsClientOptions } from './ws-client.js';
export { certificatePin, pinnedConnection, PinMismatchError } from './pinned-tls.js';
export { insecureConsoleAddress } from './console-address.js';
export { RefusedConsoles, REFUSED_CONSOLES_FILE } from './refused-consoles.js';
