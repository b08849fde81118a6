import { utcDay } from './compliance.js';
import { read, transaction, type ServiceContext } from './context.js';
import type { EvaluationService, PendingEvent } from './evaluation.service.js';
import { loadPolicy } from './stored-policy.js';

export interface CheckinRunResult {
  /** Active devices the job looked at (one query; only those whose result moved are re-evaluated). */
  checked: number;
  changed: number;
}

/** Devices re-evaluated per transaction, so a mass change (a site offline) never blocks for long. */
const CHUNK = 200;

/**
 * The periodic agent check-in evaluation: a device silent past policy.agentCheckin.windowHours
 * becomes stale (status change + snapshot + events) without any new report. Also writes today's
 * snapshot for devices that have none yet, so every day of the history has a row.
 *
 * Set-based: one query finds the devices whose check-in result must change (usually none), one
 * statement writes the missing snapshots; only the devices found are re-evaluated, in chunks.
 */
export class CheckinService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
  ) {}

  run(now: Date = this.ctx.now()): CheckinRunResult {
    const r0 = read(this.ctx);
    const policy = loadPolicy(r0, this.ctx.log);
    const disabled = policy.disabledControls.includes('agent-checkin');
    const cutoff = new Date(now.getTime() - policy.agentCheckin.windowHours * 3_600_000).toISOString();
    const ids = disabled ? [] : r0.devices.checkinCandidates(cutoff);
    let changed = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      let events: PendingEvent[] = [];
      try {
        events = transaction(this.ctx, (r) => {
          const out: PendingEvent[] = [];
          for (const id of chunk) {
            const device = r.devices.findById(id);
            if (!device || device.revokedAt) continue;
            const e = this.evaluation.refreshCheckinIn(r, device, now, 'checkin');
            if (e.length > 0) changed++;
            out.push(...e);
          }
          return out;
        });
      } catch (err) {
        this.ctx.log.error({ err, devices: chunk.length }, 'agent check-in evaluation failed for a batch of devices');
      }
      this.evaluation.emit(events);
    }
    try {
      transaction(this.ctx, (r) => r.history.carryForwardSnapshots(utcDay(now), now.toISOString()));
    } catch (err) {
      this.ctx.log.error({ err }, 'writing the carry-forward snapshots failed');
    }
    return { checked: r0.devices.countActive(), changed };
  }
}
