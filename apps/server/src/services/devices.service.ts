import {
  assuranceText,
  CLOSE_CODES,
  DeviceAgentUpdate,
  type DeviceDetail,
  type DeviceErased,
  type DeviceExport,
  type DevicePageQuery,
  type DeviceStatus,
  type DeviceSummary,
  type Facts,
  type Finding,
  type Keeper,
  type Page,
} from '@safefleet/protocol';
import type { DeviceRow } from '../db/repositories/devices.repository.js';
import type { AgentRegistry } from '../ws/agent-registry.js';
import { statusOf, withCheckin } from './compliance.js';
import { deviceKind, deviceSource } from './device-source.js';
import { read, transaction, type ServiceContext } from './context.js';
import { notFound } from './errors.js';
import type { EvaluationService } from './evaluation.service.js';
import { loadPolicy } from './stored-policy.js';

function keeperOf(d: DeviceRow): Keeper | null {
  if (d.keeperName === null) return null;
  return { name: d.keeperName, email: d.keeperEmail ?? '', role: d.keeperRole ?? '' };
}

/** Kind, source and the assurance level in words, for every device view. */
function sourceFields(d: DeviceRow) {
  const source = deviceSource(d);
  return { kind: deviceKind(d), source, assurance: assuranceText(source), serial: d.serial };
}

/** Device views (status computed at read time, so silence shows as stale at once) and admin actions. */
export class DevicesService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
    private readonly registry: AgentRegistry,
  ) {}

  /** Current findings and status of devices as of now (stored findings + live check-in). */
  current(rows: DeviceRow[]): Map<string, { status: DeviceStatus; findings: Finding[] }> {
    const r = read(this.ctx);
    const policy = loadPolicy(r, this.ctx.log);
    const now = this.ctx.now();
    const stored = r.findings.forDevices(rows.map((d) => d.id));
    const out = new Map<string, { status: DeviceStatus; findings: Finding[] }>();
    for (const d of rows) {
      const findings = withCheckin(stored.get(d.id) ?? [], d.lastSeenAt, policy, now, deviceSource(d));
      out.set(d.id, { status: statusOf(findings), findings });
    }
    return out;
  }

  list(filter: { status?: DeviceStatus; includeRevoked?: boolean } = {}): DeviceSummary[] {
    const list = this.summaries(read(this.ctx).devices.list({ includeRevoked: filter.includeRevoked ?? false }));
    return filter.status ? list.filter((d) => d.status === filter.status) : list;
  }

  /**
   * One page of devices, filtered and sorted on the server, with the true total (GET /api/devices/page).
   * `search.keeper`: whether `q` may match keeper names too (visibility.service decides per role).
   */
  page(q: DevicePageQuery, search: { keeper: boolean } = { keeper: true }): Page<DeviceSummary> {
    const r = read(this.ctx);
    const policy = loadPolicy(r, this.ctx.log);
    const staleBefore = policy.disabledControls.includes('agent-checkin')
      ? null
      : new Date(this.ctx.now().getTime() - policy.agentCheckin.windowHours * 3_600_000).toISOString();
    const { rows, total } = r.devices.page({
      status: q.status || undefined,
      q: q.q?.trim() || undefined,
      kind: q.kind || undefined,
      source: q.source || undefined,
      matchKeeper: search.keeper,
      sort: q.sort,
      order: q.order,
      offset: q.offset,
      limit: q.limit,
      staleBefore,
    });
    return { items: this.summaries(rows), total, offset: q.offset, limit: q.limit };
  }

  /** One device's row exactly as GET /api/devices gives it; null when unknown or revoked. */
  summary(id: string): DeviceSummary | null {
    const d = read(this.ctx).devices.findById(id);
    return d && !d.revokedAt ? (this.summaries([d])[0] ?? null) : null;
  }

  private summaries(rows: DeviceRow[]): DeviceSummary[] {
    const current = this.current(rows);
    const list: DeviceSummary[] = rows.map((d) => {
      const c = current.get(d.id) ?? { status: 'notEvaluated' as const, findings: [] };
      return {
        id: d.id,
        hostname: d.hostname,
        platform: d.platform,
        keeper: keeperOf(d),
        status: c.status,
        lastSeenAt: d.lastSeenAt,
        findings: c.findings.map((f) => ({ control: f.control, status: f.status, reason: f.reason })),
        ...sourceFields(d),
      };
    });
    return list;
  }

  detail(id: string): DeviceDetail {
    const r = read(this.ctx);
    const d = r.devices.findById(id);
    if (!d) throw notFound('Device');
    const c = this.current([d]).get(d.id) ?? { status: 'notEvaluated' as const, findings: [] };
    const report = d.latestReportId ? r.reports.findById(d.latestReportId) : undefined;
    return {
      id: d.id,
      hostname: d.hostname,
      platform: d.platform,
      keeper: keeperOf(d),
      status: c.status,
      lastSeenAt: d.lastSeenAt,
      findings: c.findings,
      ...sourceFields(d),
      agentVersion: d.agentVersion,
      agentUpdate: agentUpdateOf(d),
      enrolledAt: d.enrolledAt,
      revokedAt: d.revokedAt,
      facts: report ? (r.reports.factsOf(report.reportId) ?? null) : null,
      factsCollectedAt: report?.collectedAt ?? null,
      clockWarning: report?.clockNote ?? null,
      history: r.history.statusChanges(d.id),
    };
  }

  /** Sets or clears the keeper, then re-evaluates (keeper-role exceptions may apply). Audited. */
  updateKeeper(id: string, keeper: Keeper | null, actor: string): DeviceDetail {
    const at = this.ctx.now().toISOString();
    const hostname = transaction(this.ctx, (r) => {
      const d = r.devices.findById(id);
      if (!d) throw notFound('Device');
      r.devices.update(id, {
        keeperName: keeper?.name ?? null,
        keeperEmail: keeper ? keeper.email : null,
        keeperRole: keeper ? keeper.role : null,
      });
      r.audit.append(at, {
        actor,
        action: 'device.keeper-updated',
        target: id,
        detail: { hostname: d.hostname, from: keeperOf(d), to: keeper },
      });
      return d.hostname;
    });
    this.evaluation.reevaluateDevice(id, 'keeper');
    this.ctx.events.emitSafe('device-changed', { deviceId: id, hostname, at, cause: 'keeper' });
    return this.detail(id);
  }

  /** Revokes the device (idempotent), closes its socket as revoked. Audited. */
  revoke(id: string, actor: string): DeviceDetail {
    const at = this.ctx.now().toISOString();
    const revoked = transaction(this.ctx, (r) => {
      const d = r.devices.findById(id);
      if (!d) throw notFound('Device');
      if (!r.devices.revoke(id, at)) return null;
      r.audit.append(at, { actor, action: 'device.revoked', target: id, detail: { hostname: d.hostname } });
      return d;
    });
    this.registry.disconnect(id, CLOSE_CODES.revoked, 'device revoked');
    if (revoked) this.ctx.events.emitSafe('device-revoked', { deviceId: id, hostname: revoked.hostname, at });
    return this.detail(id);
  }

  /** Everything stored about a device, as JSON (no credential). Audited. */
  exportData(id: string, actor: string): DeviceExport {
    const at = this.ctx.now().toISOString();
    return transaction(this.ctx, (r) => {
      const d = r.devices.findById(id);
      if (!d) throw notFound('Device');
      const { secretHash: _secret, nextSecretHash: _next, ...device } = d;
      const tables = r.deviceData.rows(id);
      r.audit.append(at, { actor, action: 'device.exported', target: id, detail: { hostname: d.hostname } });
      return { exportedAt: at, device, tables };
    });
  }

  /**
   * Erases a device: its row and credential, reports (facts), findings, snapshots, status history,
   * alerts and prompts. The audit rows stay (and one more says who erased it); concerns stay for the
   * DSL's record, without the link to the device. Its live connection is closed at once.
   */
  erase(id: string, actor: string): DeviceErased {
    const at = this.ctx.now().toISOString();
    const { hostname, erased } = transaction(this.ctx, (r) => {
      const d = r.devices.findById(id);
      if (!d) throw notFound('Device');
      const erased = r.deviceData.erase(id);
      r.audit.append(at, { actor, action: 'device.erased', target: id, detail: { hostname: d.hostname, erased } });
      return { hostname: d.hostname, erased };
    });
    this.registry.disconnect(id, CLOSE_CODES.revoked, 'device erased');
    this.ctx.events.emitSafe('device-revoked', { deviceId: id, hostname, at });
    return { deviceId: id, hostname, erased };
  }

  /** Audits a collect-now request (the command itself goes through CommandsService). */
  auditCommand(id: string, actor: string, command: string, commandId: string): void {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      if (!r.devices.findById(id)) throw notFound('Device');
      r.audit.append(at, { actor, action: 'device.command-sent', target: id, detail: { command, commandId } });
    });
  }

  exists(id: string): DeviceRow {
    const d = read(this.ctx).devices.findById(id);
    if (!d) throw notFound('Device');
    return d;
  }
}

/** The agent's last update state as stored (unknown words from a newer agent are left out). */
function agentUpdateOf(d: {
  updateState: string | null;
  updateVersion: string | null;
  updateDetail: string | null;
  updateAt: string | null;
}): DeviceAgentUpdate | null {
  const r = DeviceAgentUpdate.safeParse({
    state: d.updateState,
    at: d.updateAt,
    ...(d.updateVersion ? { version: d.updateVersion } : {}),
    ...(d.updateDetail ? { detail: d.updateDetail } : {}),
  });
  return r.success ? r.data : null;
}
