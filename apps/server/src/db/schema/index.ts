export * from './users.js';
export * from './enrolment-tokens.js';
export * from './devices.js';
export * from './history.js';
export * from './policy.js';
export * from './audit-log.js';
