/**
 * What each console role may read: the ONE place that decides it. Routes, exports and the live
 * feed (/ws/console) ask `mayRead` and pass what they give out through the `visible*` functions
 * below, so a viewer can never get app names, keeper names, emails or concerns from any of them.
 *
 * Roles: the IT lead (admin) and the DSL read everything; a viewer reads the fleet's state (status
 * per device and control, hostnames, counts, trend, policy) but nothing that identifies a person
 * or what was found on their device. A provider (held per organisation, like every role) may do
 * everything an admin may except read the concern log: it sees open concerns as counts only, in
 * the provider overview (`actsAs` below makes every admin-only route theirs too).
 */
import {
  alertForRole,
  SAFEGUARDING_CONTROLS,
  type Alert,
  type AlertEvent,
  type ConsoleEvent,
  type DeviceDetail,
  type DeviceSummary,
  type Finding,
  type FindingSummary,
  type TrusteesReport,
  type UserRole,
} from '@safefleet/protocol';

/** Things a console user may ask to read. */
export const READ_SCOPES = [
  /** Device list and detail, fleet counts, trend, policy, keeper roles, catalogue, alerts (redacted). */
  'fleet',
  /** Keeper names and emails, app names, the facts behind findings, safeguarding alert details. */
  'safeguarding-detail',
  /** The concern log (and its CSV and print views). */
  'concerns',
  /** Exceptions (they name apps, devices and the people who approved them). */
  'exceptions',
  /** Password prompts (they name local accounts and whether the keeper was emailed). */
  'password-prompts',
  /** Notification settings, recipients and the delivery log (people's addresses). */
  'notifications',
  /** The activity log (it names people and what they did). */
  'audit',
  /** Console users, enrolment strings. */
  'administration',
  /** The whole activity log as a file (CSV or JSON download): the IT lead only. */
  'audit-export',
] as const;
export type ReadScope = (typeof READ_SCOPES)[number];

const EVERYONE: readonly UserRole[] = ['admin', 'dsl', 'viewer', 'provider'];
const SAFEGUARDING: readonly UserRole[] = ['admin', 'dsl', 'provider'];

const READERS: Record<ReadScope, readonly UserRole[]> = {
  fleet: EVERYONE,
  'safeguarding-detail': SAFEGUARDING,
  // The concern log stays with the organisation's DSL and IT lead: not the provider (counts only).
  concerns: ['admin', 'dsl'],
  exceptions: SAFEGUARDING,
  'password-prompts': SAFEGUARDING,
  notifications: SAFEGUARDING,
  audit: SAFEGUARDING,
  administration: ['admin', 'provider'],
  'audit-export': ['admin', 'provider'],
};

/**
 * Whether `role` may act on a route allowed to `allowed` (requireRole): a provider acts as an admin
 * wherever an admin may (concern routes check `mayRead(role, 'concerns')`, which a provider fails).
 */
export function actsAs(role: UserRole, allowed: readonly UserRole[]): boolean {
  if (allowed.includes(role)) return true;
  return role === 'provider' && allowed.includes('admin');
}

/** The one decision: may `role` read `scope`? */
export function mayRead(role: UserRole, scope: ReadScope): boolean {
  return READERS[scope].includes(role);
}

/** Said instead of a finding's reason when the role may not read it. */
export const HIDDEN_FINDING_REASON = 'Details are shown to the DSL and the IT lead only.';

function hiddenFinding<T extends FindingSummary | Finding>(f: T): T {
  const { details: _details, ...rest } = f as Finding;
  if (!SAFEGUARDING_CONTROLS.includes(f.control)) return rest as T;
  return { ...rest, reason: HIDDEN_FINDING_REASON } as T;
}

/** A device-list row as `role` may read it (viewers: no keeper, no safeguarding reasons). */
export function visibleDeviceSummary(role: UserRole, d: DeviceSummary): DeviceSummary {
  if (mayRead(role, 'safeguarding-detail')) return d;
  return { ...d, keeper: null, findings: d.findings.map(hiddenFinding) };
}

/** A device's detail as `role` may read it (viewers: no keeper, facts, details or safeguarding reasons). */
export function visibleDeviceDetail(role: UserRole, d: DeviceDetail): DeviceDetail {
  if (mayRead(role, 'safeguarding-detail')) return d;
  return { ...d, keeper: null, facts: null, findings: d.findings.map(hiddenFinding) };
}

/**
 * What a device search may match for `role`: a viewer's search matches hostnames only, so a name
 * typed into the search box cannot tell them which device a keeper has.
 */
export function deviceSearchFields(role: UserRole): { hostname: true; keeper: boolean } {
  return { hostname: true, keeper: mayRead(role, 'safeguarding-detail') };
}

/** An alert as `role` may read it (viewers: a safeguarding alert without apps, keeper or concern). */
export function visibleAlert(role: UserRole, a: Alert): Alert {
  return alertForRole(a, mayRead(role, 'safeguarding-detail') ? 'admin' : 'viewer');
}

/**
 * A live event of organisation `eventOrganisationId` as a browser whose session acts in
 * `viewer.organisationId` with `viewer.role` may read it: null for another organisation's event
 * (never sent), else as the role may read it.
 */
export function visibleConsoleEventFor(
  viewer: { role: UserRole; organisationId: number },
  eventOrganisationId: number,
  e: ConsoleEvent,
): ConsoleEvent | null {
  if (viewer.organisationId !== eventOrganisationId) return null;
  return visibleConsoleEvent(viewer.role, e);
}

/** A live event as `role` may read it; null when it must not be sent at all. */
export function visibleConsoleEvent(role: UserRole, e: ConsoleEvent): ConsoleEvent | null {
  switch (e.type) {
    case 'device-updated':
      return { ...e, device: visibleDeviceSummary(role, e.device) };
    case 'alert-opened':
    case 'alert-resolved':
      return { ...e, alert: visibleAlert(role, (e as AlertEvent).alert) } as ConsoleEvent;
    default:
      return e;
  }
}

/** The trustees' report as `role` may read it (viewers: counts only, no exceptions naming apps and roles). */
export function visibleTrusteesReport(role: UserRole, r: TrusteesReport): TrusteesReport {
  if (mayRead(role, 'exceptions')) return r;
  const { exceptions: _hidden, ...rest } = r;
  return rest;
}
