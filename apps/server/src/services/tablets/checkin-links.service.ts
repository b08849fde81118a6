import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ANDROID_RELEASES, APPLE_RELEASES, CATALOGUE, OS_TABLE_DATE } from '@safefleet/policy';
import {
  assuranceText,
  CreateKeeperTabletRequest,
  type CheckinLink,
  type CheckinResult,
  type CheckinState,
  type CheckinSubmission,
  type CreateKeeperTabletRequest as CreateInput,
  type KeeperTablet,
  type Facts,
  type MobileRecord,
} from '@safefleet/protocol';
import QRCode from 'qrcode';
import { read, transaction, type ServiceContext } from '../context.js';
import { deviceKind, deviceSource } from '../device-source.js';
import { AppError, notFound } from '../errors.js';
import type { DevicesService } from '../devices.service.js';
import { NO_AGENT_SECRET, type MobileIngestService } from './mobile-ingest.service.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const linkGone = () => new AppError(404, 'This check-in link is not valid any more: ask your IT lead for a new one.');

/** The catalogue entries a keeper is asked about (messaging and social apps), by name. */
function askedApps() {
  return CATALOGUE.filter((e) => e.identifiers.android?.length || e.identifiers.ios?.length).map((e) => ({
    id: e.id,
    name: e.name,
    category: e.category,
  }));
}

/**
 * Keeper check-ins for tablets without an MDM: the IT lead makes a link (and QR code) per tablet;
 * the keeper opens it on the tablet, the page reads the browser's User-Agent / Client Hints and
 * asks about passcode, screen lock and the catalogue's apps. The answers become the tablet's facts
 * through the same ingest path; the check-in is due again each quarter (92 days), else Stale.
 */
export class CheckinLinksService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly ingest: MobileIngestService,
    private readonly devices: () => DevicesService,
  ) {}

  /** Adds a keeper-checked tablet and answers its first link. Audited. */
  async createTablet(input: CreateInput, actor: string, baseUrl: string): Promise<CheckinLink> {
    const t = CreateKeeperTabletRequest.parse(input);
    const id = randomUUID();
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      if (t.serial && r.devices.findBySerial(t.serial)) throw new AppError(409, `A device with serial ${t.serial} is already in the console.`);
      r.devices.create({
        id,
        hostname: t.name,
        platform: t.platform,
        secretHash: NO_AGENT_SECRET,
        enrolledAt: at,
        kind: t.kind,
        sourceType: 'keeper',
        keeperConfirmedAt: null,
        serial: t.serial ?? null,
        keeperName: t.keeperName,
        keeperEmail: t.keeperEmail,
        keeperRole: t.keeperRole,
      });
      r.audit.append(at, {
        actor,
        action: 'device.keeper-tablet-added',
        target: id,
        detail: { name: t.name, platform: t.platform, keeper: t.keeperEmail },
      });
    });
    return this.createLink(id, actor, baseUrl);
  }

  /** A new link for the device (the previous one stops working). The token is shown once. */
  async createLink(deviceId: string, actor: string, baseUrl: string): Promise<CheckinLink> {
    const token = randomBytes(24).toString('base64url');
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const d = r.devices.findById(deviceId);
      if (!d || d.revokedAt) throw notFound('Device');
      if (d.sourceType === 'agent')
        throw new AppError(409, 'This device is checked by the Safefleet agent; check-in links are for tablets and phones without it.');
      r.tablets.revokeCheckinLinks(deviceId, at);
      r.tablets.createCheckinLink({ id: randomUUID(), deviceId, tokenHash: hash(token), createdAt: at, createdBy: actor });
      r.audit.append(at, { actor, action: 'device.checkin-link-created', target: deviceId, detail: {} });
    });
    const url = `${baseUrl.replace(/\/+$/, '')}/checkin/${token}`;
    const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { deviceId, url, qrSvg };
  }

  /** The tablets and phones their keepers check in by hand, with their active link (never the token). */
  keeperTablets(): KeeperTablet[] {
    const r = read(this.ctx);
    const rows = r.devices.list({ includeRevoked: false }).filter((d) => d.sourceType === 'keeper');
    const links = r.tablets.activeCheckinLinks(rows.map((d) => d.id));
    return rows
      .map((d) => {
        const l = links.get(d.id);
        return {
          deviceId: d.id,
          name: d.hostname,
          kind: deviceKind(d),
          platform: d.platform,
          keeperName: d.keeperName,
          keeperEmail: d.keeperEmail,
          confirmedAt: d.keeperConfirmedAt,
          link: l ? { createdAt: l.createdAt, createdBy: l.createdBy, lastUsedAt: l.lastUsedAt } : null,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private device(token: string) {
    const r = read(this.ctx);
    const link = r.tablets.activeCheckinLink(hash(token));
    if (!link) throw linkGone();
    const d = r.devices.findById(link.deviceId);
    if (!d || d.revokedAt) throw linkGone();
    return { link, device: d, r };
  }

  state(token: string): CheckinState {
    const { device } = this.device(token);
    return {
      deviceName: device.hostname,
      keeperName: device.keeperName,
      platform: device.platform,
      lastConfirmedAt: device.keeperConfirmedAt,
      apps: askedApps(),
      current: {
        tableDate: OS_TABLE_DATE,
        apple: APPLE_RELEASES.map((a) => ({ major: a.major, latest: a.latest })),
        android: ANDROID_RELEASES.map((a) => a.major),
      },
    };
  }

  /** The keeper's answers → the tablet's facts → findings (same path as every device). */
  submit(token: string, answers: CheckinSubmission): CheckinResult {
    const { link, device, r } = this.device(token);
    const now = this.ctx.now().toISOString();
    const previous = device.latestReportId ? r.reports.findById(device.latestReportId) : undefined;
    const prevFacts = previous ? (r.reports.factsOf(previous.reportId) ?? null) : null;
    const prevPasscode = prevFacts?.accounts.accounts.find((a) => a.source === 'passcode')?.passwordLastSetAt ?? null;
    const byId = new Map(CATALOGUE.map((e) => [e.id, e]));
    const apps = answers.apps.flatMap((id) => {
      const e = byId.get(id);
      if (!e) return [];
      const ids = answers.platform === 'android' ? e.identifiers.android : e.identifiers.ios;
      const appId = ids?.[0];
      return appId ? [{ id: appId, name: e.name }] : [];
    });
    const record: MobileRecord = {
      serial: device.serial,
      name: device.hostname,
      kind: device.kind === 'phone' ? 'phone' : 'tablet',
      platform: answers.platform,
      osVersion: answers.osVersion.trim() || null,
      securityPatch: answers.securityPatch ? (answers.securityPatch.length === 7 ? `${answers.securityPatch}-01` : answers.securityPatch) : null,
      model: answers.model?.trim() || null,
      // A keeper cannot see encryption; iPadOS encrypts whenever a passcode is set (the rule says so).
      encrypted: null,
      passcode: answers.passcode && answers.screenLock,
      apps,
      compromised: null,
      keeperEmail: device.keeperEmail,
      keeperName: device.keeperName,
      lastSync: now,
      // The quarterly prompt: "I changed the passcode since the last check-in" restarts the clock.
      passcodeChangedAt: answers.passcodeChanged ? now : prevPasscode,
    };
    const source = { type: 'keeper' as const, confirmedAt: now };
    this.ingest.ingestForDevice(device.id, record, source, `keeper ${device.keeperEmail ?? ''}`.trim());
    transaction(this.ctx, (w) => w.tablets.markCheckinLinkUsed(link.id, now));
    const detail = this.devices().detail(device.id);
    return {
      assurance: assuranceText(deviceSource({ sourceType: 'keeper', sourceProvider: null, keeperConfirmedAt: now })),
      findings: detail.findings.map((f) => ({ control: f.control, status: f.status, reason: f.reason })),
    };
  }
}
