import type { JoinState, WorkAccount } from '@safefleet/protocol';

/** `dsregcmd /status` text → "Key : Value" pairs (the first of each key wins). */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z][\w ]*?)\s*:\s*(.*?)\s*$/.exec(raw);
    if (m && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), m[2]!);
  }
  return out;
}

const yes = (v: string | undefined) => (v ?? '').trim().toUpperCase() === 'YES';
const UPN = /[^\s,;<>@]+@[^\s,;<>@]+\.[^\s,;<>@]+/;

/**
 * dsregcmd /status → the work account the device signs in with and its join state.
 * Join state from Device State (AzureAdJoined / DomainJoined / EnterpriseJoined) and User State
 * (WorkplaceJoined = Entra registered). The UPN comes from "Executing Account Name"
 * ("AzureAD\JoBloggs, jo@charity.org") or WorkplaceUserName / UserEmail; none when dsregcmd ran as
 * SYSTEM (it then describes SYSTEM) or the device has no work account. Pure.
 */
export function parseDsregcmd(text: string): WorkAccount[] {
  const f = fields(text);
  if (!f.has('azureadjoined') && !f.has('workplacejoined')) return [];
  const entra = yes(f.get('azureadjoined'));
  const domain = yes(f.get('domainjoined'));
  const workplace = yes(f.get('workplacejoined'));
  let joinState: JoinState = 'none';
  if (entra && domain) joinState = 'hybrid-joined';
  else if (entra) joinState = 'entra-joined';
  else if (workplace) joinState = 'entra-registered';
  else if (domain) joinState = 'domain-joined';
  if (joinState === 'none' || joinState === 'domain-joined') return [];
  const executing = f.get('executing account name') ?? '';
  const upn = UPN.exec(executing)?.[0] ?? UPN.exec(f.get('workplaceusername') ?? '')?.[0] ?? UPN.exec(f.get('useremail') ?? '')?.[0];
  if (!upn) return [];
  const localUser = executing.split(',')[0]?.trim();
  const tenantName = f.get('tenantname') || f.get('workplacetenantname');
  return [
    {
      upn: upn.toLowerCase(),
      provider: 'microsoft',
      joinState,
      ...(tenantName ? { tenantName } : {}),
      ...(localUser && localUser !== upn ? { localUser } : {}),
    },
  ];
}
