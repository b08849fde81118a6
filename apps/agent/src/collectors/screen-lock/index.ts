/** Screen lock: one file per OS; registry.ts says which runs where. */
export { collectScreenLockLinux as linux } from './linux.js';
