/** Installed apps: one file per OS; registry.ts says which runs where. */
export { collectAppsLinux as linux } from './linux.js';
