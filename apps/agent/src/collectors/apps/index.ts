/** Installed apps: one file per OS; registry.ts says which runs where. */
export { collectAppsLinux as linux } from './linux.js';
export { collectAppsDarwin as darwin } from './darwin.js';
export { collectAppsWin32 as win32 } from './win32.js';
