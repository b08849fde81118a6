import { randomUUID } from 'node:crypto';
import { mobileFacts, type DeviceSource, type MobileRecord } from '@safefleet/protocol';
import type { DeviceRow } from '../../db/repositories/devices.repository.js';
import type { Repositories } from '../../db/repositories/index.js';
import { SERVER_VERSION } from '../../version.js';
import { transaction, type ServiceContext } from '../context.js';
import type { EvaluationService, PendingEvent } from '../evaluation.service.js';

/** Stored instead of an agent secret: no sha256 hex digest ever equals it, so no agent can sign in as the device. */
export const NO_AGENT_SECRET = 'no-agent:tablet';

export interface RecordOutcome {
  serial: string | null;
  name: string;
  deviceId: string | null;
  action: 'created' | 'updated' | 'skipped';
  /** Why a record was skipped, in words. */
  note?: string;
}

/**
 * The one path for tablets and phones from MDM syncs, CSV imports and keeper check-ins:
 * MobileRecord → protocol Facts → stored report → the same policy evaluation, findings, status,
 * history and events (so DSL alerts, exceptions, concerns and reports treat them like laptops).
 * Devices are matched on serial number.
 */
export class MobileIngestService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
  ) {}

  /** Ingests every record in ONE transaction (all or nothing), then emits the events. */
  /** One keeper check-in for a known device. */
  ingestForDevice(deviceId: string, record: MobileRecord, source: DeviceSource, actor: string): RecordOutcome {
    const now = this.ctx.now();
    const { outcome, events } = transaction(this.ctx, (r) => this.ingestIn(r, record, source, now, actor, deviceId));
    this.evaluation.emit(events);
    return outcome;
  }

  ingestAll(records: MobileRecord[], source: DeviceSource, actor: string): RecordOutcome[] {
    const now = this.ctx.now();
    const { outcomes, events } = transaction(this.ctx, (r) => {
      const outcomes: RecordOutcome[] = [];
      const events: PendingEvent[] = [];
      for (const record of records) {
        const done = this.ingestIn(r, record, source, now, actor);
        outcomes.push(done.outcome);
        events.push(...done.events);
      }
      return { outcomes, events };
    });
    this.evaluation.emit(events);
    return outcomes;
  }

  /** One record inside the caller's transaction. */
  ingestIn(
    r: Repositories,
    record: MobileRecord,
    source: DeviceSource,
    now: Date,
    actor: string,
    deviceId?: string,
  ): { outcome: RecordOutcome; events: PendingEvent[] } {
    const nowIso = now.toISOString();
    const base = { serial: record.serial, name: record.name };
    // A keeper check-in knows its device; imports and syncs match on serial number.
    let device = deviceId ? r.devices.findById(deviceId) : record.serial ? r.devices.findBySerial(record.serial) : undefined;
    if (device && device.sourceType === 'agent') {
      return {
        outcome: {
          ...base,
          deviceId: device.id,
          action: 'skipped',
          note: 'already checked by the Safefleet agent, which sees more than this source',
        },
        events: [],
      };
    }
    const sourceCols = {
      kind: record.kind,
      sourceType: source.type,
      sourceProvider: source.type === 'mdm' ? source.provider : null,
      keeperConfirmedAt: source.type === 'keeper' ? source.confirmedAt : null,
      platform: record.platform,
      hostname: record.name,
    };
    const keeperCols =
      record.keeperEmail && (!device || !device.keeperEmail)
        ? {
            keeperEmail: record.keeperEmail,
            keeperName: device?.keeperName ?? record.keeperName ?? record.keeperEmail,
            keeperRole: device?.keeperRole ?? '',
          }
        : {};
    let action: RecordOutcome['action'] = 'updated';
    if (!device) {
      action = 'created';
      device = r.devices.create({
        id: randomUUID(),
        secretHash: NO_AGENT_SECRET,
        enrolledAt: nowIso,
        serial: record.serial,
        ...sourceCols,
        ...keeperCols,
      });
      r.audit.append(nowIso, { actor, action: 'device.imported', target: device.id, detail: { name: record.name, serial: record.serial, source } });
    } else {
      // A keeper check-in keeps the device's keeper source; an MDM sync does not turn it back.
      r.devices.update(device.id, { ...sourceCols, ...keeperCols });
    }
    const current = r.devices.findById(device.id) as DeviceRow;
    const lastSeen = source.type === 'keeper' ? (source.confirmedAt ?? nowIso) : (record.lastSync ?? null);
    const collectedAt = lastSeen ?? nowIso;
    const facts = mobileFacts(
      { ...record, keeperName: record.keeperName ?? current.keeperName },
      source,
      collectedAt,
      `safefleet-server ${SERVER_VERSION}`,
    );
    const reportId = randomUUID();
    r.reports.insertIfNew({
      reportId,
      deviceId: device.id,
      seq: 0,
      collectedAt,
      receivedAt: nowIso,
      factsJson: JSON.stringify(facts),
      clockNote: null,
    });
    r.devices.update(device.id, { lastSeenAt: lastSeen, lastReportAt: nowIso, latestReportId: reportId });
    const updated = r.devices.findById(device.id) as DeviceRow;
    const findings = this.evaluation.evaluateFacts(r, updated, facts, now, lastSeen ? new Date(lastSeen) : null);
    const events = this.evaluation.apply(r, updated, findings, now, 'report', facts);
    r.reports.prune(device.id, this.ctx.config.reportRetention);
    return { outcome: { ...base, deviceId: device.id, action }, events };
  }
}
