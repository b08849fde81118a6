import { z } from 'zod';
import { groupBase, IsoDateTime, LIMITS, ShortString } from './common.js';

export const AccountSource = z.enum(['local', 'microsoft', 'entra', 'domain', 'ldap', 'unknown']);
export type AccountSource = z.infer<typeof AccountSource>;

export const Account = z.object({
  username: ShortString,
  /** A person's sign-in account (not a service or system account). */
  isHuman: z.boolean(),
  /** null = unknown (e.g. Entra ID accounts, password aging disabled): never a made-up date. */
  passwordLastSetAt: IsoDateTime.nullable(),
  mustChangeAtNextLogin: z.boolean(),
  source: AccountSource.default('local'),
  uid: z.union([z.number().int(), ShortString]).optional(),
  /** Why passwordLastSetAt is null, in plain words. */
  note: ShortString.optional(),
});
export type Account = z.infer<typeof Account>;

export const AccountsFacts = z.object({
  ...groupBase,
  accounts: z.array(Account).max(LIMITS.maxAccounts).default([]),
});
export type AccountsFacts = z.infer<typeof AccountsFacts>;
