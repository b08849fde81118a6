import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditList, DeviceDetail, ExceptionList, ExceptionRecord, SocialAppsDetails } from '@safefleet/protocol';
import { runExceptionExpiryJob } from '../../scheduler/exception-expiry.job.js';
import { buildFacts } from '../../test-support/facts.js';
import { addUser, adminCookie, createTestServer, enrolDevice, ingest, login, type TestServer } from '../../test-support/harness.js';

const DAY = 24 * 60 * 60 * 1000;
const RISK = 'Needed to reach parents on trips; work number only, DSL reviews weekly.';
const whatsappFacts = (now: Date) => buildFacts({ apps: { status: 'ok', apps: [{ name: 'WhatsApp', id: 'com.whatsapp', source: 'android' }] } }, now);

describe('exceptions', () => {
  let t: TestServer;
  let now: Date;
  let admin: string;
  let dsl: string;
  let deviceId: string;
  const send = (cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const socialApps = async () => {
    const d = DeviceDetail.parse((await send(admin, 'GET', `/api/devices/${deviceId}`)).json());
    return d.findings.find((f) => f.control === 'social-apps')!;
  };
  const create = (cookie: string, body: object) =>
    send(cookie, 'POST', '/api/exceptions', {
      appIds: ['whatsapp'],
      scope: { kind: 'device', deviceId },
      riskAssessment: RISK,
      approvedBy: 'Sam Patel, DSL',
      ...body,
    });

  beforeEach(async () => {
    now = new Date('2026-11-21T09:00:00.000Z');
    t = await createTestServer({ now: () => now });
    admin = await adminCookie(t.app);
    await addUser(t.app, 'dsl@example.org', 'dsl');
    dsl = await login(t.app, 'dsl@example.org');
    deviceId = (await enrolDevice(t.app, admin, 'comms-laptop')).deviceId;
    ingest(t.app, deviceId, whatsappFacts(now));
  });
  afterEach(() => t.close());

  it('create (DSL) → social-apps passes → revoke → fails again, audited each time', async () => {
    expect((await socialApps()).status).toBe('fail');
    const res = await create(dsl, {});
    expect(res.statusCode).toBe(201);
    const record = ExceptionRecord.parse(res.json());
    expect(record).toMatchObject({
      state: 'active',
      createdBy: 'user:dsl@example.org',
      revokedAt: null,
      deviceHostname: 'comms-laptop',
      expiresAt: '2027-11-21T09:00:00.000Z', // one year by default
    });
    const passing = await socialApps();
    expect(passing.status).toBe('pass');
    const found = SocialAppsDetails.parse(passing.details).found[0];
    expect(found).toMatchObject({ appId: 'whatsapp', allowedByException: record.id });

    const revoked = await send(dsl, 'DELETE', `/api/exceptions/${record.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(ExceptionRecord.parse(revoked.json())).toMatchObject({ state: 'revoked', revokedBy: 'user:dsl@example.org' });
    expect((await socialApps()).status).toBe('fail');
    // Idempotent: the same record again, audited once.
    expect((await send(admin, 'DELETE', `/api/exceptions/${record.id}`)).json()).toEqual(revoked.json());
    expect((await send(admin, 'DELETE', '/api/exceptions/nope')).statusCode).toBe(404);

    const audit = AuditList.parse((await send(admin, 'GET', `/api/audit?target=${record.id}`)).json());
    expect(audit.map((e) => e.action)).toEqual(['exception.revoked', 'exception.created']);
    expect(audit[1]!.detail).toMatchObject({ appIds: ['whatsapp'], approvedBy: 'Sam Patel, DSL', riskAssessment: RISK });
  });

  it('a role exception covers devices whose keeper has the role', async () => {
    await send(admin, 'POST', '/api/roles', { name: 'Social media officer' });
    const keeper = { name: 'Priya', email: 'priya@example.org', role: 'social media officer' };
    await t.app.inject({ method: 'PATCH', url: `/api/devices/${deviceId}`, headers: { cookie: admin }, payload: { keeper } });
    const res = await create(admin, { scope: { kind: 'role', role: ' Social media officer ' } });
    expect(ExceptionRecord.parse(res.json())).toMatchObject({ scope: { kind: 'role', role: 'Social media officer' }, deviceHostname: null });
    expect((await socialApps()).status).toBe('pass');
    // Changing the keeper's role takes the allowance away.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/devices/${deviceId}`,
      headers: { cookie: admin },
      payload: { keeper: { ...keeper, role: 'Youth worker' } },
    });
    expect((await socialApps()).status).toBe('fail');
  });

  it('validates: risk assessment, app ids, end date, device', async () => {
    const bad = [
      [{ riskAssessment: '   too short         ' }, 400],
      [{ appIds: ['whatsapp', 'myspace'] }, 400],
      [{ appIds: [] }, 400],
      [{ expiresAt: new Date(now.getTime() - 1000).toISOString() }, 400],
      [{ expiresAt: new Date(now.getTime() + 1200 * DAY).toISOString() }, 400],
      [{ approvedBy: '' }, 400],
      [{ scope: { kind: 'device', deviceId: 'no-such-device' } }, 404],
      [{ scope: { kind: 'role', role: '   ' } }, 400],
    ] as const;
    for (const [body, status] of bad) {
      const res = await create(admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json()).toHaveProperty('error');
    }
    expect((await create(admin, { appIds: ['myspace'] })).json().error).toContain('"myspace"');
    const end = new Date(now.getTime() + 30 * DAY).toISOString();
    expect(ExceptionRecord.parse((await create(admin, { expiresAt: end })).json()).expiresAt).toBe(end);
  });

  it('lists every exception newest first with its state to admin and DSL (a viewer reads none); only they write', async () => {
    const first = ExceptionRecord.parse((await create(admin, { expiresAt: new Date(now.getTime() + DAY).toISOString() })).json());
    now = new Date(now.getTime() + 60_000);
    const second = ExceptionRecord.parse((await create(dsl, {})).json());
    now = new Date(now.getTime() + 2 * DAY);
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const viewer = await login(t.app, 'viewer@example.org');
    expect((await send(viewer, 'GET', '/api/exceptions')).statusCode).toBe(403); // exceptions name apps and people
    const list = ExceptionList.parse((await send(await login(t.app, 'dsl@example.org'), 'GET', '/api/exceptions')).json());
    expect(list.map((e) => [e.id, e.state])).toEqual([
      [second.id, 'active'],
      [first.id, 'expired'],
    ]);
    expect((await create(viewer, {})).statusCode).toBe(403);
    expect((await send(viewer, 'DELETE', `/api/exceptions/${second.id}`)).statusCode).toBe(403);
  });

  it('the expiry job re-evaluates covered devices once the end passes, auditing it once as system', async () => {
    const end = new Date(now.getTime() + 2 * DAY);
    const record = ExceptionRecord.parse((await create(admin, { expiresAt: end.toISOString() })).json());
    expect((await socialApps()).status).toBe('pass');
    const changed: string[] = [];
    t.app.services.ctx.events.on('findings-changed', (e) => changed.push(`${e.deviceId}:${e.cause}`));

    expect(runExceptionExpiryJob(t.app.services, new Date(end.getTime() - 1000))).toBe(0);
    now = new Date(end.getTime() + 30_000);
    expect(runExceptionExpiryJob(t.app.services)).toBe(1);
    expect(changed).toEqual([`${deviceId}:exception`]);
    admin = await login(t.app, 'it-lead@example.org'); // two days on: the old session has ended
    expect((await socialApps()).status).toBe('fail');
    expect(runExceptionExpiryJob(t.app.services)).toBe(0);

    const audit = AuditList.parse((await send(admin, 'GET', `/api/audit?target=${record.id}`)).json());
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['exception.expired', 'system'],
      ['exception.created', 'user:it-lead@example.org'],
    ]);
    // A revoked exception never "expires" in the audit trail.
    const other = ExceptionRecord.parse((await create(admin, { expiresAt: new Date(now.getTime() + DAY).toISOString() })).json());
    await send(admin, 'DELETE', `/api/exceptions/${other.id}`);
    now = new Date(now.getTime() + DAY + 60_000);
    expect(runExceptionExpiryJob(t.app.services)).toBe(0);
  });
});
