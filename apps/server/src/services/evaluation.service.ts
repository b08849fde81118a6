import { evaluate } from '@safefleet/policy';
import type { Facts, Finding, FindingOf } from '@safefleet/protocol';
import { accountsDue, NO_PASSWORD_DUE, nextDue } from './password-prompts/due.js';
import type { DeviceRow } from '../db/repositories/devices.repository.js';
import type { Repositories } from '../db/repositories/index.js';
import { changedControls, controlStatuses, failingControls, findingsDiffer, statusOf, utcDay, withCheckin } from './compliance.js';
import { read, transaction, type ServiceContext } from './context.js';
import { deviceSource } from './device-source.js';
import { withDirectoryPasswords } from './directory-passwords.js';
import type { DeviceStatusChangedEvent, EvaluationCause, FindingsChangedEvent } from './events.js';
import { loadExceptions, loadPolicy } from './stored-policy.js';

/** Events collected inside a transaction, emitted after it commits. */
export type PendingEvent =
  | { name: 'device-status-changed'; payload: DeviceStatusChangedEvent }
  | { name: 'findings-changed'; payload: FindingsChangedEvent };

/**
 * Turns facts into stored findings and status. Every path that changes a device's findings
 * (ingest, policy change, keeper change, check-in job) goes through `apply`.
 */
export class EvaluationService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Runs the policy rules over facts for a device (inside the caller's transaction). */
  evaluateFacts(r: Repositories, device: DeviceRow, facts: Facts, now: Date, lastSeenAt: Date | null): Finding[] {
    const policy = loadPolicy(r, this.ctx.log);
    return evaluate(withDirectoryPasswords(r, facts, device), policy, loadExceptions(r, now), now, {
      deviceId: device.id,
      keeperRole: device.keeperRole,
      keeperName: device.keeperName,
      lastSeenAt,
      source: deviceSource(device),
    });
  }

  /**
   * Inside a transaction: replace findings, set the status, upsert today's snapshot and record a
   * status change when the status moved. Returns the events to emit once committed.
   */
  apply(r: Repositories, device: DeviceRow, findings: Finding[], at: Date, cause: EvaluationCause, facts?: Facts): PendingEvent[] {
    const iso = at.toISOString();
    if (facts) this.recordPasswordDue(r, device, facts, findings, at);
    const before = r.findings.forDevice(device.id);
    const status = statusOf(findings);
    const failing = failingControls(findings);
    const events: PendingEvent[] = [];
    r.findings.writeChanges(device.id, before, findings, iso);
    r.history.upsertSnapshot(utcDay(at), device.id, status, controlStatuses(findings), iso);
    if (status !== device.status) {
      r.history.addStatusChange(device.id, iso, status, failing);
      r.devices.setStatus(device.id, status);
      events.push({
        name: 'device-status-changed',
        payload: { deviceId: device.id, hostname: device.hostname, previous: device.status, status, failing, at: iso, cause },
      });
    }
    if (findingsDiffer(before, findings)) {
      events.push({
        name: 'findings-changed',
        payload: {
          deviceId: device.id,
          hostname: device.hostname,
          findings,
          changed: changedControls(before, findings),
          at: iso,
          cause,
        },
      });
    }
    return events;
  }

  /**
   * Keeps devices.password_due_at (the earliest password due date, for the prompt job's indexed
   * selection) in step with the facts just evaluated; written only when it moves.
   */
  private recordPasswordDue(r: Repositories, device: DeviceRow, facts: Facts, findings: Finding[], now: Date): void {
    const policy = loadPolicy(r, this.ctx.log);
    const finding = findings.find((f): f is FindingOf<'password-age'> => f.control === 'password-age');
    const due = nextDue(accountsDue(facts, finding, policy.passwordAge.maxAgeDays, policy.passwordAge.graceDays, now)) ?? NO_PASSWORD_DUE;
    if (due !== device.passwordDueAt) r.devices.setPasswordDue(device.id, due);
  }

  emit(events: PendingEvent[]): void {
    for (const e of events) {
      if (e.name === 'device-status-changed') this.ctx.events.emitSafe(e.name, e.payload);
      else this.ctx.events.emitSafe(e.name, e.payload);
    }
  }

  /** Re-evaluates one device from its latest stored facts; no-op for a device that never reported. */
  reevaluateDevice(deviceId: string, cause: EvaluationCause, now: Date = this.ctx.now()): void {
    const events = transaction(this.ctx, (r) => this.reevaluateIn(r, deviceId, now, cause));
    this.emit(events);
  }

  /** Re-evaluates every non-revoked device (after a policy change). */
  reevaluateAll(cause: EvaluationCause): number {
    const ids = read(this.ctx)
      .devices.list()
      .map((d) => d.id);
    const now = this.ctx.now();
    let count = 0;
    for (const id of ids) {
      try {
        const events = transaction(this.ctx, (r) => this.reevaluateIn(r, id, now, cause));
        this.emit(events);
        count++;
      } catch (err) {
        this.ctx.log.error({ err, deviceId: id }, 're-evaluating a device failed');
      }
    }
    return count;
  }

  private reevaluateIn(r: Repositories, deviceId: string, now: Date, cause: EvaluationCause): PendingEvent[] {
    const device = r.devices.findById(deviceId);
    if (!device?.latestReportId) return [];
    const facts = r.reports.factsOf(device.latestReportId);
    if (!facts) return [];
    const lastSeenAt = device.lastSeenAt ? new Date(device.lastSeenAt) : null;
    return this.apply(r, device, this.evaluateFacts(r, device, facts, now, lastSeenAt), now, cause, facts);
  }

  /**
   * Recomputes agent-checkin from lastSeenAt for one device (inside a transaction); stores only when
   * the check-in result's status changed, so a quiet device does not cause a write every minute.
   */
  refreshCheckinIn(r: Repositories, device: DeviceRow, now: Date, cause: EvaluationCause): PendingEvent[] {
    const stored = r.findings.forDevice(device.id);
    if (stored.length === 0) return [];
    const policy = loadPolicy(r, this.ctx.log);
    const current = withCheckin(stored, device.lastSeenAt, policy, now, deviceSource(device));
    const was = stored.find((f) => f.control === 'agent-checkin')?.status;
    const is = current.find((f) => f.control === 'agent-checkin')?.status;
    if (was === is && statusOf(current) === device.status) return [];
    return this.apply(r, device, current, now, cause);
  }
}
