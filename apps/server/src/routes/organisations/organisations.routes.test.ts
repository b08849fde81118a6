// Organisations (issue 13): memberships, switching the session's organisation (live sockets closed
// with 4409), providers adding organisations, the provider overview (counts only, from the kept
// counts), the provider role (admin minus the concern log), a single-charity console's answers,
// and the CLI's org create / user add --org / token create --org (real SQLite, real sockets).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSOLE_CLOSE_CODES,
  decodeEnrolmentString,
  MeResponse,
  OrganisationMembership,
  ProviderOverview,
  Report,
  type EnrolmentToken,
} from '@safefleet/protocol';
import { parseArgs } from '../../cli/args.js';
import { orgCreateCommand, tokenCreateCommand, userAddCommand, type Io } from '../../cli/commands.js';
import { ConsoleClient } from '../../test-support/console-client.js';
import { buildFacts } from '../../test-support/facts.js';
import { adminCookie, login, PASSWORD, tokenOf, type TestServer } from '../../test-support/harness.js';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';

const telegram = { status: 'ok' as const, apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' as const }] };

describe('organisations', () => {
  let t: TestServer;
  let admin: string;

  beforeAll(async () => {
    t = await createAlertsTestServer({ listen: true });
    admin = await adminCookie(t.app);
  });
  afterAll(() => t?.close());

  const get = async (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });
  const post = async (cookie: string, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload });

  it('a single-charity console: one organisation in /me, nothing else changes; no one may add organisations or read the overview', async () => {
    const me = MeResponse.parse((await get(admin, '/api/auth/me')).json());
    expect(me.user).toMatchObject({ email: 'it-lead@example.org', role: 'admin' });
    expect(me.organisation).toEqual({ id: 1, name: 'My organisation' });
    expect(me.organisations).toEqual([{ id: 1, name: 'My organisation', role: 'admin' }]);
    expect((await get(admin, '/api/organisations')).json()).toEqual([{ id: 1, name: 'My organisation', role: 'admin' }]);
    expect((await post(admin, '/api/organisations', { name: 'Another' })).statusCode).toBe(403);
    expect((await get(admin, '/api/provider/overview')).statusCode).toBe(403);
    // The enrolment string names its organisation.
    const token = (await post(admin, '/api/enrolment-tokens', {})).json<EnrolmentToken>();
    expect(decodeEnrolmentString(token.enrolmentString).organisation).toEqual({ id: 1, name: 'My organisation' });
  });

  it('the CLI: org create (with a provider), user add --org, token create --org; an agent enrolled with it belongs to that organisation', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = (stdin = ''): Io => ({ out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => stdin, env: {} });
    const data = ['--data', t.dir];
    const commands = { user: userAddCommand, org: orgCreateCommand, token: tokenCreateCommand } as const;
    const runCli = (argv: string[], i: Io) => commands[argv[0] as keyof typeof commands](parseArgs(argv), i);
    expect(await runCli(['org', 'create', '--name', 'Riverside Youth Club', ...data], io())).toBe(0);
    const orgId = Number(out.pop());
    expect(orgId).toBeGreaterThan(1);
    const msp = ['user', 'add', '--email', 'msp@provider.example', '--role', 'provider', '--org', String(orgId), '--password-stdin', ...data];
    expect(await runCli(msp, io(`${PASSWORD}\n`))).toBe(0);
    // --provider: an existing user becomes the new organisation's provider.
    expect(await runCli(['org', 'create', '--name', 'Second Trust', '--provider', 'msp@provider.example', ...data], io())).toBe(0);
    expect(Number(out.pop())).toBe(orgId + 1);
    expect(
      await runCli(
        ['user', 'add', '--email', 'dsl@riverside.example', '--role', 'dsl', '--org', String(orgId), '--password-stdin', ...data],
        io(`${PASSWORD}\n`),
      ),
    ).toBe(0);
    expect(err.join('\n')).toContain(`Created dsl dsl@riverside.example in organisation ${orgId}`);
    expect(await runCli(['token', 'create', '--org', String(orgId), ...data], io())).toBe(0);
    const enrolment = out.pop()!;
    expect(decodeEnrolmentString(enrolment).organisation).toEqual({ id: orgId, name: 'Riverside Youth Club' });
    await expect(runCli(['token', 'create', '--org', '999', ...data], io())).rejects.toThrow(/no organisation 999/);

    const enrolled = await t.app.inject({
      method: 'POST',
      url: '/agent/enroll',
      payload: { token: tokenOf(enrolment), hostname: 'riverside-laptop', platform: 'linux', agentVersion: '0.1.0' },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const deviceId = enrolled.json<{ deviceId: string }>().deviceId;
    const dsl = await login(t.app, 'dsl@riverside.example');
    expect((await get(dsl, `/api/devices/${deviceId}`)).statusCode).toBe(200);
    expect((await get(admin, `/api/devices/${deviceId}`)).statusCode).toBe(404);
  });

  it('a provider: switches organisation (its sockets close with 4409), adds one, sees counts only, and no concern', async () => {
    // Organisation 1's IT lead cannot pull another organisation's person in (nor learn their sign-in details)…
    const refused = await post(admin, '/api/users', { email: 'msp@provider.example', role: 'viewer' });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json<{ error: string }>().error).toMatch(/a provider who looks after both/);
    expect(refused.body).not.toMatch(/lastSignInAt|totp/);
    // …the console host can (the CLI): the provider's memberships were Riverside and Second Trust; now organisation 1 too.
    const cliIo: Io = { out: () => {}, err: () => {}, readStdin: async () => '', env: {} };
    const addArgs = ['user', 'add', '--email', 'msp@provider.example', '--role', 'viewer', '--org', '1', '--password-stdin', '--data', t.dir];
    expect(await userAddCommand(parseArgs(addArgs), cliIo)).toBe(0);
    const addedId = (await get(admin, '/api/users')).json<Array<{ id: number; email: string }>>().find((u) => u.email === 'msp@provider.example')?.id;
    expect(addedId).toBeDefined();
    // Signed in now, the session acts in the lowest organisation id the provider belongs to: 1.
    const provider = await login(t.app, 'msp@provider.example');
    // Only a provider gives the provider role.
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/users/${addedId}`,
          headers: { cookie: admin },
          payload: { role: 'provider' },
        })
      ).statusCode,
    ).toBe(403);
    const memberships = OrganisationMembership.array().parse((await get(provider, '/api/organisations')).json());
    expect(memberships.map((m) => [m.name, m.role])).toEqual([
      ['My organisation', 'viewer'],
      ['Riverside Youth Club', 'provider'],
      ['Second Trust', 'provider'],
    ]);
    const riverside = memberships.find((m) => m.name === 'Riverside Youth Club')!.id;
    let me = MeResponse.parse((await get(provider, '/api/auth/me')).json());
    expect(me.organisation?.id).toBe(1);
    expect(me.user.role).toBe('viewer');

    // Switching: the live socket of this session closes with 4409; the session now acts in Riverside.
    const socket = await ConsoleClient.connect(t.url, provider);
    await socket.next('hello');
    const switched = await post(provider, '/api/auth/organisation', { organisationId: riverside });
    expect(switched.statusCode, switched.body).toBe(200);
    expect(MeResponse.parse(switched.json())).toMatchObject({
      organisation: { id: riverside, name: 'Riverside Youth Club' },
      user: { role: 'provider' },
    });
    expect((await socket.closed).code).toBe(CONSOLE_CLOSE_CODES.organisationChanged);
    me = MeResponse.parse((await get(provider, '/api/auth/me')).json());
    expect(me.organisation?.id).toBe(riverside);
    // Not a member: 404, and the session stays where it was.
    expect((await post(provider, '/api/auth/organisation', { organisationId: 999 })).statusCode).toBe(404);
    expect((await post(admin, '/api/auth/organisation', { organisationId: riverside })).statusCode).toBe(404);

    // Riverside's device reports a messaging app: an alert and a concern waiting for triage.
    const [device] = (await get(provider, '/api/devices')).json<Array<{ id: string }>>();
    t.app.organisations
      .for(riverside)
      .ingest.report(device!.id, Report.parse({ type: 'report', reportId: randomUUID(), seq: 1, facts: buildFacts({ apps: telegram }) }));
    // The provider acts as an IT lead there (users, enrolment) but reads no concern: 403 like a viewer.
    expect((await get(provider, '/api/users')).statusCode).toBe(200);
    expect((await post(provider, '/api/enrolment-tokens', {})).statusCode).toBe(201);
    for (const url of ['/api/concerns', '/api/concerns.csv']) expect((await get(provider, url)).statusCode, url).toBe(403);
    const concerns = (await get(await login(t.app, 'dsl@riverside.example'), '/api/concerns')).json<Array<{ id: number; summary: string }>>();
    expect(concerns).toHaveLength(1);
    expect((await get(provider, `/api/concerns/${concerns[0]!.id}`)).statusCode).toBe(403);

    // A provider adds an organisation and becomes its provider.
    const created = await post(provider, '/api/organisations', { name: 'Hillside Food Bank' });
    expect(created.statusCode, created.body).toBe(201);
    const hillside = OrganisationMembership.parse(created.json());
    expect(hillside).toMatchObject({ name: 'Hillside Food Bank', role: 'provider' });

    // The overview: one row per organisation where the caller is provider, counts only.
    const overview = ProviderOverview.parse((await get(provider, '/api/provider/overview')).json());
    expect(overview.organisations.map((o) => o.name)).toEqual(['Hillside Food Bank', 'Riverside Youth Club', 'Second Trust']);
    const row = overview.organisations.find((o) => o.id === riverside)!;
    expect(row).toMatchObject({ devices: 1, nonCompliant: 1, compliant: 0, unknown: 0, compliancePercent: 0, openConcerns: 1 });
    expect(row.openAlerts).toBeGreaterThan(0);
    expect(row.lastReportAt).not.toBeNull();
    expect(overview.organisations.find((o) => o.id === hillside.id)).toMatchObject({
      devices: 0,
      compliancePercent: null,
      openConcerns: 0,
      lastReportAt: null,
    });
    const text = JSON.stringify(overview);
    for (const secret of ['Telegram', 'riverside-laptop', concerns[0]!.summary]) expect(text).not.toContain(secret);
    // Counts follow the device: compliant now.
    t.app.organisations
      .for(riverside)
      .ingest.report(device!.id, Report.parse({ type: 'report', reportId: randomUUID(), seq: 2, facts: buildFacts() }));
    const after = ProviderOverview.parse((await get(provider, '/api/provider/overview')).json()).organisations.find((o) => o.id === riverside)!;
    expect(after).toMatchObject({ devices: 1, compliant: 1, nonCompliant: 0, compliancePercent: 100 });
    // An organisation 1 admin is not a provider anywhere.
    expect((await get(admin, '/api/provider/overview')).statusCode).toBe(403);
  });
});
