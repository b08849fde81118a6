// A device's wrong clock never hides a later report: the console orders reports by receive order.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, DeviceDetail, EnrollResponse } from '@safefleet/protocol';
import { createAlertsTestServer } from '../test-support/alerts-harness.js';
import { TestAgent } from '../test-support/agent-client.js';
import { buildFacts } from '../test-support/facts.js';
import { adminCookie, enrolDevice, type TestServer } from '../test-support/harness.js';
import { clockNote } from '../services/clock.js';

const telegram = { status: 'ok' as const, apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' as const }] };
const report = (facts: object, seq: number) => ({ type: 'report', reportId: randomUUID(), seq, facts });

describe('device clock', () => {
  let t: TestServer;
  let cookie: string;
  let device: EnrollResponse;
  let agent: TestAgent | undefined;
  beforeEach(async () => {
    t = await createAlertsTestServer({ listen: true });
    cookie = await adminCookie(t.app);
    device = await enrolDevice(t.app, cookie);
  });
  afterEach(async () => {
    agent?.ws.terminate();
    await t.close();
  });
  const get = async <T>(url: string) => (await t.app.inject({ url, headers: { cookie } })).json<T>();

  it('a report dated 9999-12-31 then a real one with Telegram: social-apps fails naming Telegram and the DSL alert opens', async () => {
    agent = await TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`);
    const future = report(buildFacts({}, new Date('9999-12-31T12:00:00.000Z')), 1);
    agent.send(future);
    expect(await agent.next('ack')).toMatchObject({ reportId: future.reportId });

    let detail = await get<DeviceDetail>(`/api/devices/${device.deviceId}`);
    expect(detail.factsCollectedAt).toBe('9999-12-31T12:00:00.000Z'); // stored as reported
    expect(detail.clockWarning).toMatch(/^device clock is wrong by [\d,]+ days: the report is dated 9999-12-31T12:00:00.000Z, in the future/);

    const real = report(buildFacts({ apps: telegram }), 2);
    agent.send(real);
    expect(await agent.next('ack')).toMatchObject({ reportId: real.reportId });

    detail = await get<DeviceDetail>(`/api/devices/${device.deviceId}`);
    const social = detail.findings.find((f) => f.control === 'social-apps');
    expect(social?.status).toBe('fail');
    expect(social?.reason).toContain('Telegram');
    expect(detail.status).toBe('noncompliant');
    expect(detail.clockWarning).toBeNull();
    const open = await get<Alert[]>('/api/alerts?status=open');
    expect(open).toEqual([expect.objectContaining({ deviceId: device.deviceId, control: 'social-apps', category: 'safeguarding', status: 'open' })]);
    // Both reports are kept; the flag stays on the wrong one.
    const rows = t.database.sqlite.prepare('select seq, clock_note from reports order by seq').all() as Array<{
      seq: number;
      clock_note: string | null;
    }>;
    expect(rows.map((r) => [r.seq, r.clock_note !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('a report dated before 1970 is stored, flagged, and still evaluated as the newest', async () => {
    agent = await TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`);
    agent.send(report(buildFacts({}), 7));
    await agent.next('ack');
    const old = report(buildFacts({ apps: telegram }, new Date('1969-07-20T20:17:00.000Z')), 1);
    agent.send(old);
    await agent.next('ack');
    const detail = await get<DeviceDetail>(`/api/devices/${device.deviceId}`);
    expect(detail.factsCollectedAt).toBe('1969-07-20T20:17:00.000Z');
    expect(detail.clockWarning).toMatch(
      /^device clock is wrong by [\d,]+ days: the report is dated 1969-07-20T20:17:00.000Z, before the device was enrolled/,
    );
    expect(detail.findings.find((f) => f.control === 'social-apps')?.status).toBe('fail');
  });
});

describe('clockNote', () => {
  const received = new Date('2026-12-03T12:00:00Z');
  const enrolled = new Date('2026-11-01T09:00:00Z');
  it.each([
    ['now', '2026-12-03T12:00:00Z', null],
    ['an hour ahead (time zone slip)', '2026-12-03T13:00:00Z', null],
    ['a week-old outbox replay', '2026-11-26T12:00:00Z', null],
    ['on enrolment day, a few hours early', '2026-11-01T02:00:00Z', null],
    ['three days ahead', '2026-12-06T12:00:00Z', 'device clock is wrong by 3 days'],
    ['a year before enrolment', '2025-11-01T09:00:00Z', 'device clock is wrong by 397 days'],
  ])('%s', (_what, at, expected) => {
    const note = clockNote(new Date(at), received, enrolled);
    if (expected === null) expect(note).toBeNull();
    else expect(note).toContain(expected);
  });
});
