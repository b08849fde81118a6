/** Antivirus: one file per OS; registry.ts says which runs where. */
export { collectAntivirusLinux as linux } from './linux.js';
