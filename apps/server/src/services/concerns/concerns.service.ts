import type {
  ActionConcernRequest,
  AssessConcernRequest,
  CloseConcernRequest,
  Concern,
  ConcernDetail,
  ConcernListQuery,
  ConcernStatus,
  CreateConcernRequest,
} from '@safefleet/protocol';
import type { AlertRow } from '../../db/repositories/alerts.repository.js';
import type { ConcernRow } from '../../db/repositories/concerns.repository.js';
import type { DeviceRow } from '../../db/repositories/devices.repository.js';
import { AppError, notFound } from '../errors.js';
import type { Repositories } from '../../db/repositories/index.js';
import { read, type ServiceContext, transaction } from '../context.js';
import { appNames } from '../alerts/messages/format.js';
import type { NotificationSettingsService } from '../notifications/notification-settings.service.js';
import { controlTitle } from '../alerts/views.js';
import { concernsCsv } from './csv.js';
import { concernPrintHtml } from './print.js';
import { toConcern, toConcernDetail, type ConcernViewOptions } from './view.js';

type StepFrom = 'logged' | 'assessed' | 'actioned';
const NEXT: Record<StepFrom, ConcernStatus> = { logged: 'assessed', assessed: 'actioned', actioned: 'closed' };
const STEP_WORDS: Record<ConcernStatus, string> = {
  'to-triage': 'wait for triage',
  logged: 'logged',
  assessed: 'be assessed',
  actioned: 'have its action recorded',
  closed: 'be closed',
};

/** The safeguarding concern log: logged → assessed → actioned → closed, each step audited. */
export class ConcernsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: NotificationSettingsService,
  ) {}

  private viewOptions(): ConcernViewOptions {
    const s = this.settings.current();
    return { now: this.ctx.now(), overdueWorkingDays: s.concerns.overdueWorkingDays, timeZone: s.digest.timezone };
  }

  /** Opens the concern of a new safeguarding alert (inside the alert's transaction). */
  logFromAlert(r: Repositories, alert: AlertRow, device: DeviceRow, at: string): number {
    const apps = appNames({ control: alert.control, details: alert.detailsJson ? (JSON.parse(alert.detailsJson) as Record<string, unknown>) : null });
    const found = apps.length > 0 ? apps.join(', ') : controlTitle(alert.control);
    const keeper = device.keeperName ? ` (keeper ${device.keeperName})` : '';
    const summary = `Safefleet found ${found} on ${device.hostname}${keeper}. ${alert.reason}`.slice(0, 4_000);
    return this.insert(r, { source: 'alert', alertId: alert.id, device, summary, actor: 'system', at });
  }

  private insert(r: Repositories, i: { source: 'alert' | 'manual'; alertId: string | null; device: DeviceRow | null; summary: string; actor: string; at: string }): number {
    const row = r.concerns.create({
      source: i.source,
      alertId: i.alertId,
      deviceId: i.device?.id ?? null,
      hostname: i.device?.hostname ?? null,
      keeperName: i.device?.keeperName ?? null,
      summary: i.summary,
      status: 'logged',
      loggedAt: i.at,
      loggedBy: i.actor,
      updatedAt: i.at,
    });
    r.concerns.addEvent({ concernId: row.id, at: i.at, actor: i.actor, action: 'logged', fromStatus: null, toStatus: 'logged', note: i.summary });
    r.audit.append(i.at, {
      actor: i.actor,
      action: 'concern.logged',
      target: `concern:${row.id}`,
      detail: { source: i.source, alertId: i.alertId, deviceId: i.device?.id ?? null, hostname: i.device?.hostname ?? null, summary: i.summary },
    });
    return row.id;
  }

  create(req: CreateConcernRequest, actor: string): ConcernDetail {
    const at = this.ctx.now().toISOString();
    const id = transaction(this.ctx.db, (r) => {
      const device = req.deviceId ? r.devices.findById(req.deviceId) : null;
      if (req.deviceId && !device) throw notFound('Device');
      return this.insert(r, { source: 'manual', alertId: null, device: device ?? null, summary: req.summary, actor, at });
    });
    return this.detail(id);
  }

  list(q: ConcernListQuery): Concern[] {
    const o = this.viewOptions();
    const rows = read(this.ctx.db).concerns.list({
      ...(q.status ? { status: q.status } : {}),
      ...(q.open !== undefined ? { open: q.open } : {}),
      ...(q.deviceId ? { deviceId: q.deviceId } : {}),
      limit: q.limit,
    });
    const list = rows.map((row) => toConcern(row, o));
    return q.overdue === undefined ? list : list.filter((c) => c.overdue === q.overdue);
  }

  detail(id: number): ConcernDetail {
    const r = read(this.ctx.db);
    const row = r.concerns.findById(id);
    if (!row) throw notFound('Concern');
    return toConcernDetail(row, r.concerns.events(id), this.viewOptions());
  }

  assess(id: number, req: AssessConcernRequest, actor: string): ConcernDetail {
    return this.step(id, 'logged', actor, (at) => ({ assessedAt: at, assessedBy: actor, assessment: req.assessment }), req.assessment, {
      assessment: req.assessment,
    });
  }

  action(id: number, req: ActionConcernRequest, actor: string): ConcernDetail {
    const ref = req.referral;
    const referralWords = ref.made ? `Referral made to ${ref.to}${ref.reference ? ` (reference ${ref.reference})` : ''}.` : 'No referral made.';
    return this.step(
      id,
      'assessed',
      actor,
      (at) => ({
        actionedAt: at,
        actionedBy: actor,
        actionsTaken: req.actionsTaken,
        referralMade: ref.made,
        referralTo: ref.made ? ref.to : null,
        referralReference: ref.made ? ref.reference : null,
        referralAt: ref.made ? (ref.at ?? at) : null,
      }),
      `${req.actionsTaken}\n${referralWords}`,
      { actionsTaken: req.actionsTaken, referral: ref },
    );
  }

  close(id: number, req: CloseConcernRequest, actor: string): ConcernDetail {
    const note = req.note ? req.note : null;
    return this.step(id, 'actioned', actor, (at) => ({ closedAt: at, closedBy: actor, closingNote: note }), note, { note });
  }

  addNote(id: number, note: string, actor: string): ConcernDetail {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx.db, (r) => {
      if (!r.concerns.findById(id)) throw notFound('Concern');
      r.concerns.addEvent({ concernId: id, at, actor, action: 'note', fromStatus: null, toStatus: null, note });
      r.concerns.touch(id, at);
      r.audit.append(at, { actor, action: 'concern.note-added', target: `concern:${id}`, detail: { note } });
    });
    return this.detail(id);
  }

  /** Moves a concern one step on from `from` (409 when it is elsewhere), recording who and when. */
  private step(
    id: number,
    from: StepFrom,
    actor: string,
    patch: (at: string) => Partial<ConcernRow>,
    note: string | null,
    detail: Record<string, unknown>,
  ): ConcernDetail {
    const to = NEXT[from];
    const at = this.ctx.now().toISOString();
    transaction(this.ctx.db, (r) => {
      const row = r.concerns.findById(id);
      if (!row) throw notFound('Concern');
      if (!r.concerns.transition(id, from, { ...patch(at), status: to, updatedAt: at })) {
        throw new AppError(409, `This concern is ${row.status}; only a ${from} concern can ${STEP_WORDS[to]}`, { status: row.status });
      }
      r.concerns.addEvent({ concernId: id, at, actor, action: to === 'assessed' ? 'assessed' : to === 'actioned' ? 'actioned' : 'closed', fromStatus: from, toStatus: to, note });
      r.audit.append(at, { actor, action: `concern.${to}`, target: `concern:${id}`, detail: { from, to, ...detail } });
    });
    return this.detail(id);
  }

  csv(q: ConcernListQuery): string {
    return concernsCsv(this.list(q));
  }

  printHtml(id: number): string {
    const s = this.settings.current();
    return concernPrintHtml(this.detail(id), { printedAt: this.ctx.now().toISOString(), timeZone: s.digest.timezone });
  }
}
