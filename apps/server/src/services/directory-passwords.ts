import type { Account, Facts } from '@safefleet/protocol';
import type { DeviceRow } from '../db/repositories/devices.repository.js';
import type { Repositories } from '../db/repositories/index.js';

/** Provider names as the directory_users table stores them, and their names in reasons. */
const DIRECTORIES = { microsoft: { provider: 'microsoft-365', words: 'Microsoft 365' } } as const;

/**
 * The agent reports which work account a device signs in with (facts.accounts.workAccounts); the
 * password lives online, so the agent can only say "unknown". When a directory connector has that
 * person's password date (Microsoft Graph lastPasswordChangeDateTime), the account is judged on it,
 * with the directory named in the reason. The device's own "managed online" entry for the same
 * person (source entra/microsoft, no date) is replaced by it. Pure apart from the lookup.
 */
export function withDirectoryPasswords(r: Repositories, facts: Facts, device: Pick<DeviceRow, 'keeperName' | 'keeperEmail'>): Facts {
  const work = facts.accounts.workAccounts ?? [];
  if (facts.accounts.status !== 'ok' || work.length === 0) return facts;
  const added: Account[] = [];
  for (const w of work) {
    if (w.provider !== 'microsoft') continue;
    const dir = DIRECTORIES.microsoft;
    const user = r.tablets.directoryUser(dir.provider, w.upn);
    if (!user) continue;
    const isKeeper = device.keeperEmail && [user.upn, user.mail?.toLowerCase()].includes(device.keeperEmail.trim().toLowerCase());
    const person = (isKeeper ? device.keeperName : null) ?? user.displayName ?? undefined;
    added.push({
      username: w.upn,
      isHuman: true,
      passwordLastSetAt: user.passwordChangedAt,
      mustChangeAtNextLogin: false,
      source: 'entra',
      dateSource: dir.words,
      ...(person ? { person } : {}),
      ...(user.passwordChangedAt ? {} : { note: `${dir.words} did not give a password date for this account` }),
    });
  }
  if (added.length === 0) return facts;
  // The device's own undated entry for the same sign-in (AzureAD\JoBloggs) is replaced by the directory's date.
  const same = new Set(work.map((w) => (w.localUser ?? '').toLowerCase()).filter(Boolean));
  const kept = facts.accounts.accounts.filter(
    (a) => !(a.source === 'entra' && a.passwordLastSetAt === null && (same.size === 0 || same.has(a.username.toLowerCase()))),
  );
  return { ...facts, accounts: { ...facts.accounts, accounts: [...kept, ...added] } };
}
