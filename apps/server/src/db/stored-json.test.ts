import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFacts } from '../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../test-support/harness.js';

/** A damaged stored row (hand-edited database, an older bug) gives a plain error, never a cast. */
describe('stored JSON is parsed with the protocol schemas when read', () => {
  let t: TestServer;
  let cookie: string;
  let deviceId: string;
  beforeEach(async () => {
    t = await createTestServer();
    cookie = await adminCookie(t.app);
    deviceId = (await enrolDevice(t.app, cookie)).deviceId;
    ingest(t.app, deviceId, buildFacts());
  });
  afterEach(() => t.close());

  it('leaves out finding details that no longer match the control and keeps the finding', async () => {
    t.database.sqlite.prepare('update findings set details_json = \'{"accounts":"not a list"}\' where control = \'password-age\'').run();
    const res = await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const pw = res.json().findings.find((f: { control: string }) => f.control === 'password-age');
    expect(pw).toMatchObject({ control: 'password-age', status: 'pass' });
    expect(pw.details).toBeUndefined();
    const av = res.json().findings.find((f: { control: string }) => f.control === 'antivirus');
    expect(av.details.products).toHaveLength(1);
  });

  it('answers a damaged report with a 500 that says what could not be read, and keeps serving', async () => {
    t.database.sqlite.prepare('update reports set facts_json = \'{"os":42}\'').run();
    const res = await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatch(/^Stored facts of report .+ could not be read: /);
    expect((await t.app.inject({ url: '/api/devices', headers: { cookie } })).statusCode).toBe(200);
  });

  it('a status change whose failing list is damaged is a plain error too', async () => {
    t.database.sqlite.prepare("update status_changes set failing_json = 'nope'").run();
    const res = await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatch(/failing controls of status change \d+ could not be read: it is not JSON/);
  });
});
