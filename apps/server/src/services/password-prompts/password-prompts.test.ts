import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type DevicePasswordDue, type DevicePasswordPrompts, type EnrollResponse } from '@safefleet/protocol';
import { TestAgent } from '../../test-support/agent-client.js';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { buildFacts } from '../../test-support/facts.js';
import { addUser, adminCookie, enrolDevice, ingest, login, type TestServer } from '../../test-support/harness.js';
import { MailCatcher, until } from '../../test-support/mail-catcher.js';

const DAY = 24 * 3_600_000;
const hello = { type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.1', hostname: 'yw-laptop-01', platform: 'linux' };

describe('password prompts: notify + keeper email from 14 days before due, every 3 days, until a newer date', () => {
  const smtp = new MailCatcher();
  let t: TestServer;
  let now: Date;
  let device: EnrollResponse;
  let agent: TestAgent | undefined;
  const start = new Date('2026-11-21T09:00:00.000Z');
  const accounts = (lastSet: Date) => ({
    status: 'ok' as const,
    accounts: [
      { username: 'sam', isHuman: true, passwordLastSetAt: lastSet.toISOString(), mustChangeAtNextLogin: false },
      { username: 'backup', isHuman: false, passwordLastSetAt: null, mustChangeAtNextLogin: false },
    ],
  });

  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());
  beforeEach(async () => {
    smtp.mails.length = 0;
    now = start;
    t = await createAlertsTestServer({
      listen: true,
      now: () => now,
      alerts: { env: { smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: null } } },
    });
    const admin = await adminCookie(t.app);
    device = await enrolDevice(t.app, admin);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/devices/${device.deviceId}`,
      headers: { cookie: admin },
      payload: { keeper: { name: 'Sam Patel', email: 'sam@example.org', role: '' } },
    });
    // Set 80 days ago: due (90 days) in 10 days, inside the 14-day window.
    ingest(t.app, device.deviceId, buildFacts({ accounts: accounts(new Date(start.getTime() - 80 * DAY)) }, now));
  });
  afterEach(async () => {
    agent?.close();
    agent = undefined;
    await t.close();
  });

  const connect = async () => {
    agent = await TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`);
    agent.send(hello);
    await agent.next('hello');
    return agent;
  };
  const run = (at: Date) => {
    now = at;
    return t.app.services.passwordPrompts.run(at);
  };

  it('sends notify for the account and emails the keeper; repeats after 3 days; stops after a newer password date', async () => {
    const a = await connect();
    const r = await t.app.inject({ method: 'POST', url: '/api/password-prompts/run', headers: { cookie: await adminCookie(t.app) } });
    expect(r.json()).toEqual({ devices: 1, prompts: 1, notifySent: 1, emailsQueued: 1 });
    const cmd = await a.next('command');
    expect(cmd).toMatchObject({ name: 'notify', args: { user: 'sam', title: 'Time to change your password' } });
    if (cmd.name !== 'notify') throw new Error('not notify');
    expect(cmd.args.body).toBe(
      'The password of your account "sam" on this computer is due on 1 December 2026, in 10 days. The charity asks everyone to choose a new password at least every quarter.',
    );
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['sam@example.org']);
    expect(mail!.subject).toBe('Please change your password on yw-laptop-01 by 1 December 2026');
    expect(mail!.text).toContain('How to change it: Open Settings > Users');

    expect(run(new Date(start.getTime() + 2 * DAY)).prompts).toBe(0);
    expect(run(new Date(start.getTime() + 3 * DAY))).toMatchObject({ prompts: 1, notifySent: 1 });
    expect((await a.next('command')).name).toBe('notify');

    // The keeper changes the password; the agent reports the newer date: no more prompts.
    ingest(t.app, device.deviceId, buildFacts({ accounts: accounts(new Date(start.getTime() + 4 * DAY)) }, new Date(start.getTime() + 4 * DAY)), 2);
    // Due again only in 88 days: the job does not even read the device.
    expect(run(new Date(start.getTime() + 6 * DAY))).toMatchObject({ prompts: 0, devices: 0 });
    expect(run(new Date(start.getTime() + 30 * DAY)).prompts).toBe(0);
    await smtp.waitFor(2);
    await new Promise((res) => setTimeout(res, 200));
    expect(smtp.mails).toHaveLength(2);

    await addUser(t.app, 'viewer@example.org', 'viewer');
    const viewer = await login(t.app, 'viewer@example.org');
    // Prompts name local accounts: the DSL and the IT lead read them, a viewer does not.
    expect((await t.app.inject({ url: `/api/password-prompts/${device.deviceId}`, headers: { cookie: viewer } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/password-prompts', headers: { cookie: viewer } })).statusCode).toBe(403);
    await addUser(t.app, 'dsl@example.org', 'dsl');
    const dsl = await login(t.app, 'dsl@example.org');
    const history = (await t.app.inject({ url: `/api/password-prompts/${device.deviceId}`, headers: { cookie: dsl } })).json<DevicePasswordPrompts>();
    // Only personal accounts count ("backup" is not one).
    expect(history.accounts).toEqual([
      {
        username: 'sam',
        passwordLastSetAt: new Date(start.getTime() + 4 * DAY).toISOString(),
        dueAt: new Date(start.getTime() + 94 * DAY).toISOString(),
        daysLeft: 64,
        state: 'ok',
      },
    ]);
    expect(history.nextDueAt).toBe(new Date(start.getTime() + 94 * DAY).toISOString());
    expect(history.prompts.map((p) => [p.kind, p.username, p.agent, p.email])).toEqual([
      ['due-soon', 'sam', 'sent', 'queued'],
      ['due-soon', 'sam', 'sent', 'queued'],
    ]);
    await until('emails sent', async () => {
      const h = (await t.app.inject({ url: `/api/password-prompts/${device.deviceId}`, headers: { cookie: dsl } })).json<DevicePasswordPrompts>();
      return h.prompts.every((p) => p.emailStatus === 'sent');
    });
    const list = (await t.app.inject({ url: '/api/password-prompts', headers: { cookie: dsl } })).json<DevicePasswordDue[]>();
    expect(list).toEqual([
      expect.objectContaining({ deviceId: device.deviceId, nextDueAt: history.nextDueAt, lastPromptAt: history.prompts[0]!.createdAt }),
    ]);
    expect((await t.app.inject({ method: 'POST', url: '/api/password-prompts/run', headers: { cookie: viewer } })).statusCode).toBe(403);
  });

  it('reads only the devices with a password due soon, through an index', async () => {
    const admin = await adminCookie(t.app);
    const fresh = await enrolDevice(t.app, admin, 'fresh-laptop');
    const never = await enrolDevice(t.app, admin, 'never-reported');
    ingest(t.app, fresh.deviceId, buildFacts({ accounts: accounts(new Date(start.getTime() - DAY)) }, now));
    // The due device, and the one never evaluated (its due date is computed on this first run).
    expect(run(start)).toMatchObject({ devices: 2, prompts: 1 });
    const due = t.database.sqlite.prepare('select password_due_at as d from devices where id = ?');
    expect(due.get(never.deviceId)).toEqual({ d: '9999-12-31T00:00:00.000Z' });
    expect(due.get(fresh.deviceId)).toEqual({ d: new Date(start.getTime() + 89 * DAY).toISOString() });
    expect(run(new Date(start.getTime() + DAY))).toMatchObject({ devices: 1 });
    const plan = t.database.sqlite
      .prepare(
        "explain query plan select id from devices indexed by devices_password_due_idx where organisation_id = 1 and password_due_at is null and revoked_at is null union all select id from devices indexed by devices_password_due_idx where organisation_id = 1 and password_due_at <= '2026-12-01' and revoked_at is null",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('devices_password_due_idx (organisation_id=? AND password_due_at=?)');
    expect(plan.map((p) => p.detail).join(' ')).toContain('devices_password_due_idx (organisation_id=? AND password_due_at<?)');
  });

  it('the agent reports the notification shown, then opened (notify-status): the prompt keeps both times, bounded', async () => {
    const a = await connect();
    expect(run(start)).toMatchObject({ prompts: 1, notifySent: 1 });
    const cmd = await a.next('command');
    const shownAt = new Date(start.getTime() + 2_000).toISOString();
    const openedAt = new Date(start.getTime() + 60_000).toISOString();
    now = new Date(start.getTime() + 120_000);
    a.send({ type: 'notify-status', commandId: cmd.commandId, event: 'shown', at: shownAt, user: 'sam' });
    a.send({ type: 'notify-status', commandId: cmd.commandId, event: 'opened', at: openedAt, user: 'sam' });
    // Unknown command ids are ignored; a date from a wrong clock is held within sent..now.
    a.send({ type: 'notify-status', commandId: 'not-a-command', event: 'opened', at: openedAt });
    const admin = await adminCookie(t.app);
    const prompt = await until('opened recorded', async () => {
      const h = (await t.app.inject({ url: `/api/password-prompts/${device.deviceId}`, headers: { cookie: admin } })).json<DevicePasswordPrompts>();
      return h.prompts[0]?.agentOpenedAt ? h.prompts[0] : undefined;
    });
    expect(prompt).toMatchObject({ agent: 'sent', agentSentAt: start.toISOString(), agentShownAt: shownAt, agentOpenedAt: openedAt });
    // An invalid notify-status is refused like any invalid message.
    a.send({ type: 'notify-status', commandId: cmd.commandId, event: 'clicked', at: openedAt });
    expect(await a.next('error')).toMatchObject({ code: 'invalid-message' });
  });

  it('an offline agent gets its notification when it is next connected at a run, without a second email', async () => {
    expect(run(start)).toMatchObject({ prompts: 1, notifySent: 0, emailsQueued: 1 });
    const a = await connect();
    expect(run(new Date(start.getTime() + 3_600_000))).toMatchObject({ prompts: 0, notifySent: 1, emailsQueued: 0 });
    expect((await a.next('command')).name).toBe('notify');
    expect(run(new Date(start.getTime() + 2 * 3_600_000))).toMatchObject({ prompts: 0, notifySent: 0 });
  });

  it('reminds every keeper on the first day of a quarter, once', async () => {
    const a = await connect();
    const q = new Date('2027-01-01T09:00:00.000Z');
    now = q;
    expect(t.app.services.passwordPrompts.runQuarterly(q)).toMatchObject({ devices: 1, prompts: 1, notifySent: 1, emailsQueued: 1 });
    const cmd = await a.next('command');
    expect(cmd).toMatchObject({ name: 'notify', args: { title: 'A new quarter: time for a new password' } });
    if (cmd.name === 'notify') expect(cmd.args.user).toBeUndefined();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('A new quarter: please change your password');
    expect(mail!.text).toContain('Your device: yw-laptop-01');
    expect(t.app.services.passwordPrompts.runQuarterly(new Date(q.getTime() + 3_600_000)).prompts).toBe(0);
  });
});
