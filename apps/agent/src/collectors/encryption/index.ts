/** Disk encryption: one file per OS; registry.ts says which runs where. */
export { collectEncryptionLinux as linux } from './linux.js';
export { collectEncryptionDarwin as darwin } from './darwin.js';
export { collectEncryptionWin32 as win32 } from './win32.js';
