import { LIMITS, type Account } from '@safefleet/protocol';
import { asArray, asRecord, parsePsDate } from '../../exec/powershell.js';
import { clip } from '../types.js';

// ---------------------------------------------------------------------------------------------
// User profiles (shared with apps and screen lock)
// ---------------------------------------------------------------------------------------------

/** One entry of HKLM\…\ProfileList for a person (local/Microsoft/domain S-1-5-21-…, Entra S-1-12-1-…). */
export interface WinProfile {
  sid: string;
  /** ProfileImagePath with forward slashes, e.g. "C:/Users/maria". */
  path: string;
  /** `DOMAIN\name` from the SID, null when Windows could not translate it. */
  account: string | null;
  /** The user's registry hive is loaded (HKEY_USERS\<SID>): they are signed in or a service holds it. */
  loaded: boolean;
}

const PERSON_SID = /^S-1-(5-21|12-1)-[\d-]+$/;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function parseProfiles(v: unknown): WinProfile[] {
  return asArray(v).flatMap((item) => {
    const o = asRecord(item);
    const sid = str(o?.Sid);
    if (!o || !PERSON_SID.test(sid)) return [];
    return [{ sid, path: str(o.Path).replace(/\\/g, '/').replace(/\/+$/, ''), account: str(o.Account) || null, loaded: o.Loaded === true }];
  });
}

/**
 * The name people know: "maria" for an account of this computer, "AzureAD\MariaSmith" or
 * "CHARITY\maria" for others; the profile folder name when the SID cannot be translated.
 */
export function userLabel(p: Pick<WinProfile, 'sid' | 'path' | 'account'>, computer: string | null): string {
  if (p.account) {
    const i = p.account.indexOf('\\');
    if (i < 0) return p.account;
    const domain = p.account.slice(0, i);
    return computer && domain.toUpperCase() === computer.toUpperCase() ? p.account.slice(i + 1) : p.account;
  }
  return p.path.split('/').pop() || p.sid;
}

/** "S-1-5-21-1-2-3-1001" → 1001. */
export const ridOf = (sid: string): number => Number(sid.slice(sid.lastIndexOf('-') + 1));
/** "S-1-5-21-1-2-3-1001" → "S-1-5-21-1-2-3" (the computer or domain the account belongs to). */
export const sidDomain = (sid: string): string => sid.slice(0, sid.lastIndexOf('-'));

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

/** Accounts Windows creates itself, by RID. */
export const BUILT_IN_RIDS: Record<number, string> = { 500: 'Administrator', 501: 'Guest', 503: 'DefaultAccount', 504: 'WDAGUtilityAccount' };

export const NOTES = {
  microsoft: 'signed in with a Microsoft account: the password is managed online',
  entra: 'signed in with a work or school (Entra ID) account: the password is managed online by the organisation',
  domain: 'signed in with an organisation (domain) account: the password is managed by the domain',
  mustChange: 'Windows has no password date for this account: it has to choose a new password at its next sign-in',
} as const;

export interface AccountsDoc {
  accounts: Account[];
  /** Get-LocalUser failed (plain words), null when it worked. */
  usersError: string | null;
}

/**
 * The ACCOUNTS_SCRIPT document → accounts.
 * - Local users from Get-LocalUser. A person = enabled and not a built-in account (RID 500/501/503/504).
 * - PrincipalSource MicrosoftAccount → source "microsoft" with an unknown date: the SAM date is not
 *   the date of the online password.
 * - A local account with no PasswordLastSet: Windows stores "must change at next sign-in" as a zero
 *   password date, which Get-LocalUser shows as empty; so mustChangeAtNextLogin = true (enabled
 *   accounts only; the date stays unknown).
 * - Profiles of Entra ID users (S-1-12-1-…) and of domain users (S-1-5-21-… of another domain than
 *   the local accounts) are not in the local account list: added with source entra/domain, no date.
 */
export function buildAccountsWin32(doc: unknown): AccountsDoc {
  const o = asRecord(doc) ?? {};
  const computer = str(o.computer) || null;
  const profiles = parseProfiles(o.profiles);
  const usersError = o.users === null || o.users === undefined ? str(o.usersError) || 'Get-LocalUser gave no answer' : null;

  const locals = asArray(o.users).flatMap((u) => {
    const r = asRecord(u);
    return r && str(r.Name) ? [r] : [];
  });
  const accounts: Account[] = locals.map((u) => localAccount(u));

  const localSids = new Set(locals.map((u) => str(u.Sid)));
  const localDomains = new Set([...localSids].filter((s) => s.startsWith('S-1-5-21-')).map(sidDomain));
  for (const p of profiles) {
    if (localSids.has(p.sid)) continue;
    const entra = p.sid.startsWith('S-1-12-1-');
    // Without the local list we cannot tell a domain account from a deleted local one.
    const domain = !entra && localDomains.size > 0 && !localDomains.has(sidDomain(p.sid));
    if (!entra && !domain) continue;
    accounts.push({
      username: clip(userLabel(p, computer)),
      isHuman: true,
      passwordLastSetAt: null,
      mustChangeAtNextLogin: false,
      source: entra ? 'entra' : 'domain',
      uid: p.sid,
      note: entra ? NOTES.entra : NOTES.domain,
    });
  }
  return { accounts: accounts.slice(0, LIMITS.maxAccounts), usersError };
}

function localAccount(u: Record<string, unknown>): Account {
  const name = str(u.Name);
  const sid = str(u.Sid);
  const builtIn = sid.startsWith('S-1-5-21-') ? BUILT_IN_RIDS[ridOf(sid)] : undefined;
  const enabled = u.Enabled === true;
  const isHuman = enabled && !builtIn;
  const principal = str(u.PrincipalSource);
  const base = { username: clip(name), isHuman, ...(sid ? { uid: sid } : {}) };
  const why = builtIn ? `built-in Windows account (${builtIn})` : !enabled ? 'the account is disabled' : null;

  if (principal === 'MicrosoftAccount' || principal === 'AzureAD') {
    const source = principal === 'MicrosoftAccount' ? 'microsoft' : 'entra';
    return { ...base, passwordLastSetAt: null, mustChangeAtNextLogin: false, source, note: NOTES[source] };
  }
  const source = principal === 'ActiveDirectory' ? 'domain' : 'local';
  const passwordLastSetAt = parsePsDate(u.PasswordLastSet);
  const mustChange = source === 'local' && enabled && passwordLastSetAt === null;
  const note = why ?? (mustChange ? NOTES.mustChange : null);
  return { ...base, passwordLastSetAt, mustChangeAtNextLogin: mustChange, source, ...(note ? { note } : {}) };
}
