// Acceptance (issue 9): erasing a device removes its facts, findings, snapshots and credentials;
// the audit rows remain. Its export first gives everything stored about it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceErased, DeviceExport, EnrollResponse } from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { createAlertsTestServer } from '../test-support/alerts-harness.js';
import { buildFacts } from '../test-support/facts.js';
import { addUser, adminCookie, enrolDevice, ingest, login, type TestServer } from '../test-support/harness.js';

const telegram = { status: 'ok' as const, apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' as const }] };

describe('per-device export and erase', () => {
  let t: TestServer;
  let cookie: string;
  let device: EnrollResponse;
  beforeEach(async () => {
    t = await createAlertsTestServer({ listen: true });
    cookie = await adminCookie(t.app);
    device = await enrolDevice(t.app, cookie);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/devices/${device.deviceId}`,
      headers: { cookie },
      payload: { keeper: { name: 'Sam Patel', email: 'sam@example.org', role: 'Youth worker' } },
    });
    ingest(t.app, device.deviceId, buildFacts(), 1);
    ingest(t.app, device.deviceId, buildFacts({ apps: telegram }), 2);
  });
  afterEach(() => t.close());

  const rowsAbout = (table: string) =>
    (t.database.sqlite.prepare(`select count(*) as n from ${table} where device_id = ?`).get(device.deviceId) as { n: number }).n;
  const TABLES = ['reports', 'findings', 'status_changes', 'daily_snapshots', 'alerts'];

  it('exports everything stored about the device as JSON (no credential), then erases it all but the audit rows', async () => {
    for (const table of TABLES) expect(rowsAbout(table), table).toBeGreaterThan(0);

    const exported = await t.app.inject({ url: `/api/devices/${device.deviceId}/export`, headers: { cookie } });
    expect(exported.statusCode).toBe(200);
    const data = exported.json<DeviceExport>();
    expect(data.device).toMatchObject({ id: device.deviceId, keeperName: 'Sam Patel' });
    expect(JSON.stringify(data)).not.toContain('secretHash');
    expect(data.tables.reports).toHaveLength(2);
    expect(String(data.tables.reports![1]!.factsJson)).toContain('Telegram');

    const agent = await TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`);
    const erased = await t.app.inject({ method: 'POST', url: `/api/devices/${device.deviceId}/erase`, headers: { cookie } });
    expect(erased.statusCode).toBe(200);
    expect(erased.json<DeviceErased>()).toMatchObject({
      deviceId: device.deviceId,
      erased: { reports: 2, findings: expect.any(Number), devices: 1 },
    });
    expect((await agent.closed).code).toBe(4403); // its live connection closed at once

    for (const table of TABLES) expect(rowsAbout(table), table).toBe(0);
    expect(t.database.sqlite.prepare('select count(*) as n from devices where id = ?').get(device.deviceId)).toEqual({ n: 0 });
    await expect(TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`)).rejects.toThrow('HTTP 401'); // credential gone
    expect((await t.app.inject({ url: `/api/devices/${device.deviceId}`, headers: { cookie } })).statusCode).toBe(404);

    const audit = t.database.sqlite.prepare('select action from audit_log where target = ? order by id').all(device.deviceId) as Array<{
      action: string;
    }>;
    expect(audit.map((a) => a.action)).toEqual(['device.enrolled', 'device.keeper-updated', 'device.exported', 'device.erased']);
    // The DSL's concern stays on record, without the link to the erased device.
    expect(t.database.sqlite.prepare('select device_id from concerns').all()).toEqual([{ device_id: null }]);
  });

  it('only the IT lead exports or erases; a viewer is refused', async () => {
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const viewer = await login(t.app, 'viewer@example.org');
    expect((await t.app.inject({ url: `/api/devices/${device.deviceId}/export`, headers: { cookie: viewer } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/devices/${device.deviceId}/erase`, headers: { cookie: viewer } })).statusCode).toBe(403);
    expect(rowsAbout('reports')).toBe(2);
  });
});
