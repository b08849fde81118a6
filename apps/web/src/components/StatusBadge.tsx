import { CONCERN_STATUS_LABELS, DEVICE_STATUS_LABELS, type ConcernStatus, type DeviceStatus, type FindingStatus } from '@safefleet/protocol';
import { FINDING_ICONS, FINDING_LABELS, FINDING_SHORT } from '../lib/controls';

const STATUS_ICONS: Record<DeviceStatus, string> = {
  compliant: '✓',
  grace: '◔',
  noncompliant: '✕',
  notEvaluated: '–',
  stale: '○',
};

/** A device status in Intune's words, with an icon and colour (never colour alone). */
export function StatusBadge({ status }: { status: DeviceStatus }) {
  return (
    <span className={`badge badge--${status}`}>
      <span aria-hidden="true">{STATUS_ICONS[status]}</span> {DEVICE_STATUS_LABELS[status]}
    </span>
  );
}

/** A control result (pass, grace, fail, unknown). `short` for narrow table cells. */
export function FindingBadge({ status, short = false }: { status: FindingStatus; short?: boolean }) {
  return (
    <span className={`badge badge--f-${status}`} title={FINDING_LABELS[status]}>
      <span aria-hidden="true">{FINDING_ICONS[status]}</span> {short ? FINDING_SHORT[status] : FINDING_LABELS[status]}
    </span>
  );
}

const CONCERN_ICONS: Record<ConcernStatus, string> = { 'to-triage': '○', logged: '●', assessed: '◑', actioned: '◕', closed: '✓' };

/** A concern's status in words with an icon: Logged, Assessed, Action taken, Closed. */
export function ConcernStatusBadge({ status }: { status: ConcernStatus }) {
  return (
    <span className={`badge badge--c-${status}`}>
      <span aria-hidden="true">{CONCERN_ICONS[status]}</span> {CONCERN_STATUS_LABELS[status]}
    </span>
  );
}

/** The "Overdue" flag of a concern past its working-days limit. */
export function OverdueFlag() {
  return (
    <span className="badge badge--overdue">
      <span aria-hidden="true">!</span> Overdue
    </span>
  );
}
