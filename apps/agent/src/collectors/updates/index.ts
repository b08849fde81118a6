/** OS updates: one file per OS; registry.ts says which runs where. */
export { collectUpdatesLinux as linux } from './linux.js';
export { collectUpdatesDarwin as darwin } from './darwin.js';
export { collectUpdatesWin32 as win32 } from './win32.js';
