// Every HTTP route, declared once (see ../route.ts and docs/architecture.md "How to add a route").
export * from './agent-release.js';
export * from './alerts.js';
export * from './audit.js';
export * from './auth.js';
export * from './catalogue.js';
export * from './concerns.js';
export * from './devices.js';
export * from './enrolment.js';
export * from './exceptions.js';
export * from './fleet.js';
export * from './health.js';
export * from './notifications.js';
export * from './openapi.js';
export * from './password-prompts.js';
export * from './policy.js';
export * from './roles.js';
export * from './users.js';
