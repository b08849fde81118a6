import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatusChangedEvent } from '../services/events.js';
import { buildFacts } from '../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../test-support/harness.js';
import { runCheckinJob } from './checkin.job.js';

const HOUR = 3_600_000;

describe('agent check-in job', () => {
  let t: TestServer;
  let cookie: string;
  let deviceId: string;
  let now: Date;
  beforeEach(async () => {
    now = new Date('2026-11-21T09:00:00.000Z');
    t = await createTestServer({ now: () => now });
    cookie = await adminCookie(t.app);
    deviceId = (await enrolDevice(t.app, cookie)).deviceId;
    ingest(t.app, deviceId, buildFacts({}, now));
  });
  afterEach(() => t.close());

  // Sign in again at the (moved) clock: sessions expire after 12 idle hours.
  const get = async (url: string) => (await t.app.inject({ url, headers: { cookie: await adminCookie(t.app) } })).json();
  const detail = () => get(`/api/devices/${deviceId}`);
  const snapshots = () => t.database.sqlite.prepare('select day, status, findings_json from daily_snapshots order by day').all();

  it('leaves a device that checked in within the window alone', async () => {
    expect(runCheckinJob(t.app.services, new Date(now.getTime() + 23 * HOUR))).toEqual({ checked: 1, changed: 0 });
    expect(t.database.sqlite.prepare('select status from devices').get()).toEqual({ status: 'compliant' });
  });

  it('marks a silent device stale: status change, snapshot and event', async () => {
    const events: DeviceStatusChangedEvent[] = [];
    t.app.services.ctx.events.on('device-status-changed', (e) => events.push(e));
    const later = new Date(now.getTime() + 25 * HOUR);

    // Read time already shows stale before the job records it.
    now = later;
    expect((await detail()).status).toBe('stale');
    expect(t.database.sqlite.prepare('select status from devices').get()).toEqual({ status: 'compliant' });

    expect(runCheckinJob(t.app.services, later)).toEqual({ checked: 1, changed: 1 });
    expect(t.database.sqlite.prepare('select status from devices').get()).toEqual({ status: 'stale' });
    const d = await detail();
    expect(d.findings.find((f: { control: string }) => f.control === 'agent-checkin').status).toBe('fail');
    expect(d.history.map((h: { status: string; failing: string[] }) => [h.status, h.failing])).toEqual([
      ['compliant', []],
      ['stale', ['agent-checkin']],
    ]);
    expect(events).toEqual([expect.objectContaining({ deviceId, previous: 'compliant', status: 'stale', cause: 'checkin' })]);
    const snaps = snapshots() as Array<{ day: string; status: string; findings_json: string }>;
    expect(snaps.map((s) => [s.day, s.status])).toEqual([
      ['2026-11-21', 'compliant'],
      ['2026-11-22', 'stale'],
    ]);
    expect(JSON.parse(snaps[1]!.findings_json)['agent-checkin']).toBe('fail');

    // Running again changes nothing; a summary counts it as stale.
    expect(runCheckinJob(t.app.services, new Date(later.getTime() + 60_000)).changed).toBe(0);
    const summary = await get('/api/fleet/summary');
    expect(summary.byStatus.stale).toBe(1);
  });

  it('a stale device that reports again recovers', async () => {
    const later = new Date(now.getTime() + 30 * HOUR);
    runCheckinJob(t.app.services, later);
    now = later;
    ingest(t.app, deviceId, buildFacts({}, later), 2);
    expect((await detail()).status).toBe('compliant');
    expect(t.database.sqlite.prepare('select status from devices').get()).toEqual({ status: 'compliant' });
  });

  it('a stale device that only says hello is no longer stale', async () => {
    const later = new Date(now.getTime() + 30 * HOUR);
    runCheckinJob(t.app.services, later);
    now = new Date(later.getTime() + 60_000);
    t.app.services.ingest.hello(deviceId, { type: 'hello', protocolVersion: 1, agentVersion: '0.1.2', hostname: 'yw-laptop-01', platform: 'linux' });
    expect(t.database.sqlite.prepare('select status, agent_version from devices').get()).toEqual({ status: 'compliant', agent_version: '0.1.2' });
    expect((await detail()).history.map((h: { status: string }) => h.status)).toEqual(['compliant', 'stale', 'compliant']);
  });

  it('writes a carry-forward snapshot on a quiet day', () => {
    runCheckinJob(t.app.services, new Date(now.getTime() + 16 * HOUR)); // next UTC day, still in the window
    expect((snapshots() as Array<{ day: string; status: string }>).map((s) => [s.day, s.status])).toEqual([
      ['2026-11-21', 'compliant'],
      ['2026-11-22', 'compliant'],
    ]);
  });
});
