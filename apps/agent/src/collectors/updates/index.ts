/** OS updates: one file per OS; registry.ts says which runs where. */
export { collectUpdatesLinux as linux } from './linux.js';
