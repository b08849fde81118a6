import {
  controlTitle,
  type ActionConcernRequest,
  type AssessConcernRequest,
  type CloseConcernRequest,
  type Concern,
  type ConcernDetail,
  type ConcernListQuery,
  type ConcernStatus,
  type CreateConcernRequest,
  type TriageConcernsRequest,
  type TriageConcernsResponse,
} from '@safefleet/protocol';
import { SocialAppsDetails, TRIAGE_OUTCOME_LABELS } from '@safefleet/protocol';
import { catalogueNames } from '../catalogue.js';
import type { ExceptionsService } from '../exceptions.service.js';
import type { AlertRow } from '../../db/repositories/alerts.repository.js';
import type { ConcernRow } from '../../db/repositories/concerns.repository.js';
import type { DeviceRow } from '../../db/repositories/devices.repository.js';
import { AppError, notFound } from '../errors.js';
import type { Repositories } from '../../db/repositories/index.js';
import { read, type ServiceContext, transaction } from '../context.js';
import { appNames } from '../alerts/messages/format.js';
import type { NotificationSettingsService } from '../notifications/notification-settings.service.js';
import { concernsCsv } from './csv.js';
import { concernPrintHtml } from './print.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
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
  private exceptions: ExceptionsService | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: NotificationSettingsService,
    /** The organisation's time zone and bank holidays: due dates count working days in it. */
    private readonly calendar: () => WorkingCalendar = () => ({ timeZone: 'Europe/London', holidays: new Set() }),
  ) {}

  /** Triage as "allowed for this role" creates exceptions through this service (wired after construction). */
  useExceptions(exceptions: ExceptionsService): void {
    this.exceptions = exceptions;
  }

  private viewOptions(): ConcernViewOptions {
    const s = this.settings.current();
    return { now: this.ctx.now(), overdueWorkingDays: s.concerns.overdueWorkingDays, calendar: this.calendar() };
  }

  /** Catalogue ids of the apps an alert is about (found, not allowed, not an approved channel). */
  private alertAppIds(alert: Pick<AlertRow, 'detailsJson'>): string[] {
    if (!alert.detailsJson) return [];
    try {
      const d = SocialAppsDetails.safeParse(JSON.parse(alert.detailsJson));
      if (!d.success) return [];
      return [...new Set(d.data.found.filter((f) => !f.allowedByException && !f.approvedChannel).map((f) => f.appId))];
    } catch {
      return [];
    }
  }

  private static appWords(ids: string[]): string {
    const names = catalogueNames();
    return ids.map((id) => names.get(id) ?? id).join(', ');
  }

  /**
   * A new safeguarding alert (inside the alert's transaction): joins the device's open concern
   * waiting for triage (same device and keeper), else raises a new one in `to-triage`.
   */
  logFromAlert(r: Repositories, alert: AlertRow, device: DeviceRow, at: string): number {
    const appIds = this.alertAppIds(alert);
    const waiting = r.concerns.waitingForDevice(device.id, device.keeperName);
    if (waiting) {
      r.alerts.update(alert.id, { concernId: waiting.id });
      this.addApps(r, waiting, appIds, at);
      return waiting.id;
    }
    const found = appIds.length > 0 ? ConcernsService.appWords(appIds) : controlTitle(alert.control);
    const keeper = device.keeperName ? ` (keeper ${device.keeperName})` : '';
    const summary = `Safefleet found ${found} on ${device.hostname}${keeper}. ${alert.reason}`.slice(0, 4_000);
    return this.insert(r, { source: 'alert', alertId: alert.id, device, summary, actor: 'system', at, appIds });
  }

  /** An open safeguarding alert whose apps changed: new apps join its concern while it waits for triage. */
  refreshFromAlert(r: Repositories, alert: AlertRow, at: string): void {
    const concernId = r.concerns.idsByAlert([alert.id]).get(alert.id);
    if (concernId === undefined) return;
    const row = r.concerns.findById(concernId);
    if (row && row.status === 'to-triage') this.addApps(r, row, this.alertAppIds(alert), at);
  }

  private addApps(r: Repositories, row: ConcernRow, appIds: string[], at: string): void {
    const had = parseIds(row.appIdsJson);
    const added = appIds.filter((id) => !had.includes(id));
    if (added.length === 0) return;
    const all = [...had, ...added];
    const note = `Also found ${ConcernsService.appWords(added)} on ${row.hostname ?? 'the device'}.`;
    r.concerns.update(row.id, { appIdsJson: JSON.stringify(all), summary: `${row.summary} ${note}`.slice(0, 4_000), updatedAt: at });
    r.concerns.addEvent({ concernId: row.id, at, actor: 'system', action: 'note', fromStatus: null, toStatus: null, note });
    r.audit.append(at, { actor: 'system', action: 'concern.note-added', target: `concern:${row.id}`, detail: { note, appIds: added } });
  }

  private insert(
    r: Repositories,
    i: {
      source: 'alert' | 'manual';
      alertId: string | null;
      device: DeviceRow | null;
      summary: string;
      actor: string;
      at: string;
      appIds?: string[];
    },
  ): number {
    // Automatic concerns wait for the DSL's triage; a concern raised by a person is logged at once.
    const status = i.source === 'alert' ? 'to-triage' : 'logged';
    const row = r.concerns.create({
      source: i.source,
      alertId: i.alertId,
      deviceId: i.device?.id ?? null,
      hostname: i.device?.hostname ?? null,
      keeperName: i.device?.keeperName ?? null,
      summary: i.summary,
      status,
      appIdsJson: i.appIds && i.appIds.length > 0 ? JSON.stringify(i.appIds) : null,
      loggedAt: i.at,
      loggedBy: i.actor,
      updatedAt: i.at,
    });
    r.concerns.addEvent({
      concernId: row.id,
      at: i.at,
      actor: i.actor,
      action: status === 'to-triage' ? 'raised' : 'logged',
      fromStatus: null,
      toStatus: status,
      note: i.summary,
    });
    r.audit.append(i.at, {
      actor: i.actor,
      action: status === 'to-triage' ? 'concern.raised' : 'concern.logged',
      target: `concern:${row.id}`,
      detail: { source: i.source, alertId: i.alertId, deviceId: i.device?.id ?? null, hostname: i.device?.hostname ?? null, summary: i.summary },
    });
    return row.id;
  }

  create(req: CreateConcernRequest, actor: string): ConcernDetail {
    const at = this.ctx.now().toISOString();
    const id = transaction(this.ctx, (r) => {
      const device = req.deviceId ? r.devices.findById(req.deviceId) : null;
      if (req.deviceId && !device) throw notFound('Device');
      return this.insert(r, { source: 'manual', alertId: null, device: device ?? null, summary: req.summary, actor, at });
    });
    return this.detail(id);
  }

  list(q: ConcernListQuery): Concern[] {
    const o = this.viewOptions();
    const rows = read(this.ctx).concerns.list({
      ...(q.status ? { status: q.status } : {}),
      ...(q.open !== undefined ? { open: q.open } : {}),
      ...(q.deviceId ? { deviceId: q.deviceId } : {}),
      limit: q.limit,
    });
    const list = rows.map((row) => toConcern(row, o));
    return q.overdue === undefined ? list : list.filter((c) => c.overdue === q.overdue);
  }

  detail(id: number): ConcernDetail {
    const r = read(this.ctx);
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
    transaction(this.ctx, (r) => {
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
    transaction(this.ctx, (r) => {
      const row = r.concerns.findById(id);
      if (!row) throw notFound('Concern');
      if (!r.concerns.transition(id, from, { ...patch(at), status: to, updatedAt: at })) {
        throw new AppError(409, `This concern is ${row.status}; only a ${from} concern can ${STEP_WORDS[to]}`, { status: row.status });
      }
      r.concerns.addEvent({
        concernId: id,
        at,
        actor,
        action: to === 'assessed' ? 'assessed' : to === 'actioned' ? 'actioned' : 'closed',
        fromStatus: from,
        toStatus: to,
        note,
      });
      r.audit.append(at, { actor, action: `concern.${to}`, target: `concern:${id}`, detail: { from, to, ...detail } });
    });
    return this.detail(id);
  }

  /**
   * The DSL's decision on one or many concerns waiting for triage (all or nothing: 409 when any is
   * not waiting). "concern" → logged with a risk level; "allowed" → an exception per concern for
   * the keeper's role (or the device when the keeper has no role) with the risk assessment, then
   * closed; "not-concern" → closed with the reason. Each step is an event and an audit entry.
   */
  /**
   * Work channels the organisation approved later (Policy page): every concern still waiting for
   * triage whose apps are all approved channels now is closed as not a concern, with the reason
   * "channel approved by <user>" (audited like any triage). Answers how many were closed.
   */
  closeForApprovedChannels(approvedAppIds: readonly string[], actor: string): number {
    const approved = new Set(approvedAppIds);
    const ids = read(this.ctx)
      .concerns.list({ status: 'to-triage' })
      .filter((row) => {
        const apps = parseIds(row.appIdsJson);
        return apps.length > 0 && apps.every((id) => approved.has(id));
      })
      .map((row) => row.id);
    if (ids.length === 0) return 0;
    const who = actor.startsWith('user:') ? actor.slice(5) : actor;
    return this.triage({ ids, outcome: 'not-concern', reason: `channel approved by ${who}` }, actor).concerns.length;
  }

  triage(req: TriageConcernsRequest, actor: string): TriageConcernsResponse {
    const ids = [...new Set(req.ids)];
    const r0 = read(this.ctx);
    const rows = ids.map((id) => {
      const row = r0.concerns.findById(id);
      if (!row) throw notFound(`Concern ${id}`);
      if (row.status !== 'to-triage')
        throw new AppError(409, `Concern ${id} is ${row.status}; only concerns waiting for triage can be triaged`, { id, status: row.status });
      return row;
    });
    const exceptionIds: string[] = [];
    const label = TRIAGE_OUTCOME_LABELS[req.outcome];
    for (const row of rows) {
      let exceptionId: string | null = null;
      let note =
        req.outcome === 'concern' ? `${label}, risk ${req.riskLevel}.${req.reason ? ` ${req.reason}` : ''}` : `${label}: ${req.reason ?? ''}`.trim();
      if (req.outcome === 'allowed') {
        if (!this.exceptions) throw new AppError(500, 'Exceptions are not available');
        const appIds = parseIds(row.appIdsJson);
        if (appIds.length === 0) throw new AppError(409, `Concern ${row.id} names no app to allow`, { id: row.id });
        const device = row.deviceId ? r0.devices.findById(row.deviceId) : undefined;
        const role = device?.keeperRole?.trim();
        if (!device && !role) throw new AppError(409, `Concern ${row.id} has no device to allow the apps on`, { id: row.id });
        const record = this.exceptions.create(
          {
            appIds,
            scope: role ? { kind: 'role', role } : { kind: 'device', deviceId: device!.id },
            riskAssessment: req.riskAssessment!,
            approvedBy: actor.startsWith('user:') ? actor.slice(5) : actor,
            expiresAt: req.expiresAt!,
          },
          actor,
        );
        exceptionId = record.id;
        exceptionIds.push(record.id);
        const scope = role ? `the role “${role}”` : `this device`;
        note = `Allowed for ${scope} by exception until ${record.expiresAt.slice(0, 10)}. Risk assessment: ${req.riskAssessment}`;
      }
      const at = this.ctx.now().toISOString();
      transaction(this.ctx, (r) => {
        const to = req.outcome === 'concern' ? 'logged' : 'closed';
        const patch: Partial<ConcernRow> = {
          status: to,
          triageOutcome: req.outcome,
          triagedAt: at,
          triagedBy: actor,
          triageNote: req.outcome === 'allowed' ? (req.riskAssessment ?? null) : (req.reason ?? null),
          riskLevel: req.outcome === 'concern' ? (req.riskLevel ?? null) : null,
          exceptionId,
          updatedAt: at,
          ...(to === 'closed' ? { closedAt: at, closedBy: actor, closingNote: note } : {}),
        };
        if (!r.concerns.transition(row.id, 'to-triage', patch)) throw new AppError(409, `Concern ${row.id} was triaged meanwhile`, { id: row.id });
        r.concerns.addEvent({ concernId: row.id, at, actor, action: 'triaged', fromStatus: 'to-triage', toStatus: to, note });
        r.audit.append(at, {
          actor,
          action: 'concern.triaged',
          target: `concern:${row.id}`,
          detail: {
            outcome: req.outcome,
            riskLevel: req.riskLevel ?? null,
            exceptionId,
            reason: req.reason ?? null,
            riskAssessment: req.riskAssessment ?? null,
          },
        });
      });
    }
    const o = this.viewOptions();
    const r = read(this.ctx);
    return { concerns: rows.map((row) => toConcern(r.concerns.findById(row.id)!, o)), exceptionIds };
  }

  csv(q: ConcernListQuery): string {
    return concernsCsv(this.list(q));
  }

  printHtml(id: number): string {
    const s = this.settings.current();
    return concernPrintHtml(this.detail(id), { printedAt: this.ctx.now().toISOString(), timeZone: s.digest.timezone });
  }
}

function parseIds(json: string | null): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
