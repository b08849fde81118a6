export * from './facts/index.js';
export * from './compliance.js';
export * from './messages.js';
export * from './api/auth.js';
export * from './api/enrolment.js';
export * from './api/devices.js';
export * from './api/fleet.js';
