/** OS version: one file per OS; registry.ts says which runs where. */
export { collectOsLinux as linux } from './linux.js';
export { collectOsDarwin as darwin } from './darwin.js';
export { collectOsWin32 as win32 } from './win32.js';
