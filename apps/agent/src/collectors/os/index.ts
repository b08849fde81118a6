/** OS version: one file per OS; registry.ts says which runs where. */
export { collectOsLinux as linux } from './linux.js';
