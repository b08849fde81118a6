import { createHash } from 'node:crypto';
import { canonicalJson, FACT_GROUPS, type AgentHello, type Facts, factHashes, groupsIn, type Report, type ReportDelta } from '@safefleet/protocol';
import { clockNote } from './clock.js';
import type { Repositories } from '../db/repositories/index.js';
import { transaction, type ServiceContext } from './context.js';
import { DEFAULT_GROUP_COMMIT_MS, GroupCommit } from './group-commit.js';
import type { EvaluationService, PendingEvent } from './evaluation.service.js';

/** Raw report bytes kept per device unless configured (one device cannot fill the disk). */
export const DEFAULT_REPORT_BYTES_PER_DEVICE = 64 * 1024 * 1024;

/** A report or hello the gateway must refuse; `code` is the protocol ErrorMessage code. */
/** A delta report the console cannot rebuild: the agent is asked to send it in full (`resend-full`). */
export class ResendNeeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResendNeeded';
  }
}

const sha256base64 = (text: string) => createHash('sha256').update(text).digest('base64');

/**
 * Rebuilds a delta report's full facts from the device's latest stored facts: every group the
 * agent left out is taken from that copy, after checking its hash equals the one the agent sent;
 * every group it sent must match its own hash. Throws ResendNeeded when it cannot.
 */
export function rebuildFacts(delta: ReportDelta, base: Facts | undefined): Facts {
  const sent = groupsIn(delta);
  if (sent.length < FACT_GROUPS.length && !base) throw new ResendNeeded('the console has no earlier facts for this device');
  const baseHashes = base ? factHashes(base, sha256base64) : undefined;
  const facts: Record<string, unknown> = { collectedAt: delta.facts.collectedAt, agentVersion: delta.facts.agentVersion };
  for (const g of FACT_GROUPS) {
    const group = delta.facts[g];
    if (group !== undefined) {
      if (sha256base64(canonicalJson(group)) !== delta.hashes[g]) throw new ResendNeeded(`the ${g} facts do not match their hash`);
      facts[g] = group;
    } else {
      if (!base || baseHashes?.[g] !== delta.hashes[g]) throw new ResendNeeded(`the console's copy of the ${g} facts differs`);
      facts[g] = base[g];
    }
  }
  return facts as Facts;
}

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

interface StoredReport {
  result: IngestResult;
  events: PendingEvent[];
  note: string | null;
}

/**
 * Stores what agents send. A report is one IMMEDIATE transaction (or one savepoint of a group
 * commit): insert (deduplicated on reportId) → evaluate → findings → status → snapshot → status
 * change → device row → retention. Events are emitted after commit; the caller acks after that.
 */
export class IngestService {
  /** Hellos and reports from the agent gateway share transactions (group commit). */
  readonly group: GroupCommit;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
    /** Shared by every organisation's ingest (one batch, one fsync); its own when not given. */
    group?: GroupCommit,
  ) {
    this.group = group ?? new GroupCommit(ctx.db, ctx.config.groupCommitMs ?? DEFAULT_GROUP_COMMIT_MS);
  }

  /** Stores one report in its own transaction (tests, tools). The gateway uses `reportBatched`. */
  report(deviceId: string, report: Report): IngestResult {
    const now = this.ctx.now();
    const factsJson = JSON.stringify(report.facts);
    return this.afterReport(
      deviceId,
      report.reportId,
      transaction(this.ctx, (r) => this.reportIn(r, deviceId, report, factsJson, now)),
    );
  }

  /**
   * Stores one report in the next group commit; resolves once that transaction has committed (the
   * caller acks then). The facts are serialised before joining the batch, so the batch's
   * transaction holds the database only for the SQL.
   */
  async reportBatched(deviceId: string, report: Report): Promise<IngestResult> {
    const now = this.ctx.now();
    const factsJson = JSON.stringify(report.facts);
    const stored = await this.group.run(this.ctx.organisationId, (r) => this.reportIn(r, deviceId, report, factsJson, now));
    return this.afterReport(deviceId, report.reportId, stored);
  }

  /**
   * A delta report (`report-delta`), in the next group commit: rebuilt from the device's latest
   * facts inside the transaction, then stored like a full report. Rejects with ResendNeeded when
   * it cannot be rebuilt (nothing is stored; the gateway asks the agent for the full report).
   */
  async reportDeltaBatched(deviceId: string, delta: ReportDelta): Promise<IngestResult> {
    const now = this.ctx.now();
    const stored = await this.group.run(this.ctx.organisationId, (r) => {
      const header = r.reports.headerOf(delta.reportId);
      if (header) return this.duplicateIn(r, deviceId, header.deviceId, now);
      const device = r.devices.findById(deviceId);
      const base = device?.latestReportId ? r.reports.factsOf(device.latestReportId) : undefined;
      const full: Report = { type: 'report', reportId: delta.reportId, seq: delta.seq, facts: rebuildFacts(delta, base) };
      return this.reportIn(r, deviceId, full, JSON.stringify(full.facts), now);
    });
    return this.afterReport(deviceId, delta.reportId, stored);
  }

  private duplicateIn(r: Repositories, deviceId: string, ownerId: string, now: Date): StoredReport {
    if (ownerId !== deviceId) throw new IngestError('invalid-message', 'this reportId was already used by another device');
    r.devices.touchSeen(deviceId, now.toISOString());
    return { result: { duplicate: true }, events: [], note: null };
  }

  private afterReport(deviceId: string, reportId: string, stored: StoredReport): IngestResult {
    if (stored.note && !stored.result.duplicate) {
      this.ctx.log.warn({ deviceId, reportId, clock: stored.note }, 'device clock is wrong');
    }
    this.evaluation.emit(stored.events);
    return stored.result;
  }

  private reportIn(r: Repositories, deviceId: string, report: Report, factsJson: string, now: Date): StoredReport {
    const nowIso = now.toISOString();
    const collectedAt = new Date(report.facts.collectedAt);
    const device = r.devices.findById(deviceId);
    if (!device || device.revokedAt) throw new IngestError('unauthorized', 'this device is not enrolled (or was removed)');

    const note = clockNote(collectedAt, now, new Date(device.enrolledAt));
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
      return this.duplicateIn(r, deviceId, existing?.deviceId ?? deviceId, now);
    }

    // Reports are ordered by the console's receive order, never by the device's clock: the
    // agent sends its outbox oldest first, so the report received last is the newest. A wrong
    // clock (a date in 9999, or before 1970) is stored as reported, flagged, and hides nothing.
    const findings = this.evaluation.evaluateFacts(r, device, report.facts, now, now);
    const events = this.evaluation.apply(r, device, findings, now, 'report', report.facts);
    r.devices.recordReport(deviceId, nowIso, { reportId: report.reportId, agentVersion: report.facts.agentVersion });
    r.reports.pruneOlder(deviceId, this.ctx.config.reportRetention);
    r.reports.pruneBytes(deviceId, this.ctx.config.reportBytesPerDevice ?? DEFAULT_REPORT_BYTES_PER_DEVICE);
    // MDM, CSV and keeper records match devices on serial number (written only when it changes).
    const serial = report.facts.os.serial;
    if (serial && serial !== device.serial) r.devices.update(deviceId, { serial });
    return { result: { duplicate: false }, events, note };
  }

  /** Records an agent's hello in its own transaction: versions, hostname, last seen; a stale device that calls in is refreshed. */
  hello(deviceId: string, hello: AgentHello): void {
    const now = this.ctx.now();
    this.evaluation.emit(transaction(this.ctx, (r) => this.helloIn(r, deviceId, hello, now)));
  }

  /** `hello` in the next group commit (a connect storm of thousands of hellos shares a few fsyncs). */
  async helloBatched(deviceId: string, hello: AgentHello): Promise<void> {
    const now = this.ctx.now();
    this.evaluation.emit(await this.group.run(this.ctx.organisationId, (r) => this.helloIn(r, deviceId, hello, now)));
  }

  private helloIn(r: Repositories, deviceId: string, hello: AgentHello, now: Date): PendingEvent[] {
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
  }
}
