/** Accounts and password age: one file per OS; registry.ts says which runs where. */
export { collectAccountsLinux as linux } from './linux.js';
