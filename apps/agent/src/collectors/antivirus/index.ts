/** Antivirus: one file per OS; registry.ts says which runs where. */
export { collectAntivirusLinux as linux } from './linux.js';
export { collectAntivirusDarwin as darwin } from './darwin.js';
export { collectAntivirusWin32 as win32 } from './win32.js';
