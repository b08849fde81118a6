import type { AgentHello, Report } from '@safefleet/protocol';
import { clockNote } from './clock.js';
import { transaction, type ServiceContext } from './context.js';
import type { EvaluationService, PendingEvent } from './evaluation.service.js';

/** Raw report bytes kept per device unless configured (one device cannot fill the disk). */
export const DEFAULT_REPORT_BYTES_PER_DEVICE = 64 * 1024 * 1024;

/** A report or hello the gateway must refuse; `code` is the protocol ErrorMessage code. */
export class IngestError extends Error {
  constructor(
    readonly code: 'invalid-message' | 'unauthorized',
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export interface IngestResult {
  duplicate: boolean;
}

/**
 * Stores what agents send. A report is one IMMEDIATE transaction: insert (deduplicated on reportId)
 * → evaluate → findings → status → snapshot → status change → device row → retention. Events are
 * emitted after commit; the caller acks after this returns.
 */
export class IngestService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
  ) {}

  report(deviceId: string, report: Report): IngestResult {
    const now = this.ctx.now();
    const nowIso = now.toISOString();
    const collectedAt = new Date(report.facts.collectedAt);
    let note: string | null = null;
    const factsJson = JSON.stringify(report.facts);
    const { result, events } = transaction(this.ctx.db, (r) => {
      const device = r.devices.findById(deviceId);
      if (!device || device.revokedAt) throw new IngestError('unauthorized', 'this device is not enrolled (or was removed)');

      note = clockNote(collectedAt, now, new Date(device.enrolledAt));
      const inserted = r.reports.insertIfNew({
        reportId: report.reportId,
        deviceId,
        seq: report.seq,
        collectedAt: collectedAt.toISOString(),
        receivedAt: nowIso,
        factsJson,
        sizeBytes: Buffer.byteLength(factsJson),
        clockNote: note,
      });
      if (!inserted) {
        const existing = r.reports.headerOf(report.reportId);
        if (existing && existing.deviceId !== deviceId) {
          throw new IngestError('invalid-message', 'this reportId was already used by another device');
        }
        r.devices.touchSeen(deviceId, nowIso);
        return { result: { duplicate: true }, events: [] as PendingEvent[] };
      }

      // Reports are ordered by the console's receive order, never by the device's clock: the
      // agent sends its outbox oldest first, so the report received last is the newest. A wrong
      // clock (a date in 9999, or before 1970) is stored as reported, flagged, and hides nothing.
      const findings = this.evaluation.evaluateFacts(r, device, report.facts, now, now);
      const events = this.evaluation.apply(r, device, findings, now, 'report');
      r.devices.recordReport(deviceId, nowIso, { reportId: report.reportId, agentVersion: report.facts.agentVersion });
      r.reports.pruneOlder(deviceId, this.ctx.config.reportRetention);
      r.reports.pruneBytes(deviceId, this.ctx.config.reportBytesPerDevice ?? DEFAULT_REPORT_BYTES_PER_DEVICE);
      // MDM, CSV and keeper records match devices on serial number (written only when it changes).
      const serial = report.facts.os.serial;
      if (serial && serial !== device.serial) r.devices.update(deviceId, { serial });
      return { result: { duplicate: false }, events };
    });
    if (note && !result.duplicate) this.ctx.log.warn({ deviceId, reportId: report.reportId, clock: note }, 'device clock is wrong');
    this.evaluation.emit(events);
    return result;
  }

  /** Records an agent's hello: versions, hostname, last seen; a stale device that calls in is refreshed. */
  hello(deviceId: string, hello: AgentHello): void {
    const now = this.ctx.now();
    const events = transaction(this.ctx.db, (r) => {
      const device = r.devices.findById(deviceId);
      if (!device || device.revokedAt) throw new IngestError('unauthorized', 'this device is not enrolled (or was removed)');
      const patch = {
        agentVersion: hello.agentVersion,
        hostname: hello.hostname || device.hostname,
        platform: hello.platform || device.platform,
        lastSeenAt: now.toISOString(),
      };
      r.devices.recordHello(deviceId, patch);
      return this.evaluation.refreshCheckinIn(r, { ...device, ...patch }, now, 'hello');
    });
    this.evaluation.emit(events);
  }
}
