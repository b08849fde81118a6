/** Accounts and password age: one file per OS; registry.ts says which runs where. */
export { collectAccountsLinux as linux } from './linux.js';
export { collectAccountsDarwin as darwin } from './darwin.js';
export { collectAccountsWin32 as win32 } from './win32.js';
