import { z } from 'zod';
import { groupBase, IsoDateTime, LIMITS, ShortString } from './common.js';

/** `passcode`: a tablet's or phone's passcode (its date is when the keeper last confirmed changing it). */
export const AccountSource = z.enum(['local', 'microsoft', 'entra', 'domain', 'ldap', 'passcode', 'unknown']);
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
  /**
   * Where passwordLastSetAt came from when not the device itself, in words for people:
   * "Microsoft 365" (Microsoft Graph), "the keeper's check-in". Added by the console.
   */
  dateSource: ShortString.optional(),
  /** The person's name where the directory or the console knows it (e.g. the keeper). */
  person: ShortString.optional(),
});
export type Account = z.infer<typeof Account>;

/** How a device is joined to a cloud directory (Windows dsregcmd /status). */
export const JoinState = z.enum(['entra-joined', 'hybrid-joined', 'entra-registered', 'domain-joined', 'workplace', 'none', 'unknown']);
export type JoinState = z.infer<typeof JoinState>;

/** The work or school account a person signs in to the device with (UPN), and the join state. */
export const WorkAccount = z.object({
  /** User principal name, e.g. "jo.bloggs@charity.org.uk". */
  upn: z.string().max(320),
  provider: z.enum(['microsoft', 'google']),
  joinState: JoinState,
  tenantName: ShortString.optional(),
  /** The local user this account is signed in as, e.g. "AzureAD\\JoBloggs". */
  localUser: ShortString.optional(),
});
export type WorkAccount = z.infer<typeof WorkAccount>;

export const AccountsFacts = z.object({
  ...groupBase,
  accounts: z.array(Account).max(LIMITS.maxAccounts).default([]),
  /** Work or school accounts the device signs in with (Windows: dsregcmd /status). */
  workAccounts: z.array(WorkAccount).max(20).optional(),
});
export type AccountsFacts = z.infer<typeof AccountsFacts>;
