import type { MeResponse, OrganisationMembership, ProviderOrganisationRow } from '@safefleet/protocol';

/**
 * Organisations in the console: one console can look after several charities, and a person may
 * hold a role in more than one. A single-charity console (one membership) shows none of this.
 */

/** The caller's memberships (none from a console too old to send them). */
export function memberships(me: Pick<MeResponse, 'organisations'>): OrganisationMembership[] {
  return me.organisations ?? [];
}

/** The header switcher appears only for someone in more than one organisation. */
export function showsSwitcher(me: Pick<MeResponse, 'organisations'>): boolean {
  return memberships(me).length > 1;
}

/**
 * Whether the caller looks after several charities: provider in at least one organisation. Such a
 * person has the Organisations page (the server's overview answers 403 to anyone else).
 */
export function isProvider(me: Pick<MeResponse, 'organisations'>): boolean {
  return memberships(me).some((m) => m.role === 'provider');
}

/** The other organisations the switcher offers (the current one is shown as the button's name). */
export function otherOrganisations(me: Pick<MeResponse, 'organisations' | 'organisation'>): OrganisationMembership[] {
  return memberships(me).filter((m) => m.id !== me.organisation?.id);
}

/**
 * Where to stay after switching organisation: the same page, except a page of one object (a
 * device, a concern), which belongs to the organisation left behind; its list is shown instead.
 */
export function pathAfterSwitch(path: string): string {
  const [first, second] = path.split('/').filter(Boolean);
  if (first === 'devices' && second) return '/devices';
  if (first === 'concerns' && second) return '/concerns';
  return path;
}

/** "92%" of judged devices compliant, or words when no device could be judged yet. */
export function complianceWords(row: Pick<ProviderOrganisationRow, 'compliancePercent' | 'devices'>): string {
  if (row.compliancePercent === null) return row.devices === 0 ? 'No devices yet' : 'Not evaluated yet';
  return `${Math.round(row.compliancePercent)}%`;
}
