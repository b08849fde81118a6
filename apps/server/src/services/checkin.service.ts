import { controlStatuses, utcDay } from './compliance.js';
import { read, transaction, type ServiceContext } from './context.js';
import type { EvaluationService, PendingEvent } from './evaluation.service.js';

export interface CheckinRunResult {
  checked: number;
  changed: number;
}

/**
 * The periodic agent check-in evaluation: a device silent past policy.agentCheckin.windowHours
 * becomes stale (status change + snapshot + events) without any new report. Also writes today's
 * snapshot for devices that have none yet, so every day of the history has a row.
 */
export class CheckinService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
  ) {}

  run(now: Date = this.ctx.now()): CheckinRunResult {
    const ids = read(this.ctx.db)
      .devices.list()
      .map((d) => d.id);
    let changed = 0;
    for (const id of ids) {
      try {
        const events = transaction(this.ctx.db, (r): PendingEvent[] => {
          const device = r.devices.findById(id);
          if (!device || device.revokedAt) return [];
          const events = this.evaluation.refreshCheckinIn(r, device, now, 'checkin');
          if (events.length === 0) {
            const findings = r.findings.forDevice(id);
            r.history.insertSnapshotIfMissing(utcDay(now), id, device.status, controlStatuses(findings), now.toISOString());
          }
          return events;
        });
        if (events.length > 0) changed++;
        this.evaluation.emit(events);
      } catch (err) {
        this.ctx.log.error({ err, deviceId: id }, 'agent check-in evaluation failed for a device');
      }
    }
    return { checked: ids.length, changed };
  }
}
