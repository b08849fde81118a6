import type { CollectContext, GroupInput } from '../types.js';
import { buildAccounts, parseLoginDefs, parsePasswd, parseShadow, parseShells } from './linux.parse.js';

/** Local accounts from /etc/passwd and /etc/shadow (read through the Host; shadow needs root). */
export async function collectAccountsLinux(ctx: CollectContext): Promise<GroupInput<'accounts'>> {
  const { host } = ctx;
  const [passwdText, shadowText, shellsText, loginDefs] = await Promise.all([
    host.readFile('/etc/passwd'),
    host.readFile('/etc/shadow'),
    host.readFile('/etc/shells'),
    host.readFile('/etc/login.defs'),
  ]);
  if (passwdText === null) return { status: 'error', error: 'The list of accounts (/etc/passwd) could not be read' };
  const shadow = shadowText === null ? null : parseShadow(shadowText);
  const accounts = buildAccounts(parsePasswd(passwdText), shadow, parseShells(shellsText), parseLoginDefs(loginDefs));
  if (!shadow) {
    return { status: 'error', error: 'Safefleet needs to run as root to read password dates (/etc/shadow could not be read)', accounts };
  }
  return { status: 'ok', accounts };
}
