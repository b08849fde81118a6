/** Screen lock: one file per OS; registry.ts says which runs where. */
export { collectScreenLockLinux as linux } from './linux.js';
export { collectScreenLockDarwin as darwin } from './darwin.js';
export { collectScreenLockWin32 as win32 } from './win32.js';
