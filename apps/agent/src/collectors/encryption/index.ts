/** Disk encryption: one file per OS; registry.ts says which runs where. */
export { collectEncryptionLinux as linux } from './linux.js';
