// Issue 13 (several console nodes), on SQLite: two real console processes (`safefleet-server start
// --cluster sqlite` semantics through SAFEFLEET_CLUSTER=sqlite, each on its own port) share one data
// folder. An agent connected to node 2 gets the `collect-now` asked through node 1's API (node 1
// answers 202 only after node 2 acknowledged it) and the `notify` of a password prompt run through
// node 1; a browser's /ws/console socket on node 2 sees the live event of a keeper set through
// node 1. When node 2 stops, node 1 answers 409: nobody holds the agent any more.
import { ConsoleEvent, type ServerMessage } from '@safefleet/protocol';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../support/console.js';
import { EnvConsoleProcess, laptopFacts, RawAgent } from '../support/alerts-console.js';
import { freePort, removeTempDirs, stopAll, tempDir, until } from '../support/processes.js';

const DAY = 86_400_000;

/** Signs in as the first-start admin and returns the cookies a browser would send. */
async function sessionCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: 'admin@localhost', password: ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
let agent: RawAgent | undefined;
let browser: WebSocket | undefined;

afterAll(async () => {
  agent?.close();
  browser?.terminate();
  await stopAll();
  removeTempDirs();
});

describe('two console processes on one SQLite data folder (--cluster sqlite)', () => {
  it('a command through node 1 reaches the agent held by node 2; node 2 browsers see node 1 events', async () => {
    const dir = tempDir('safefleet-cluster-');
    const env = { SAFEFLEET_CLUSTER: 'sqlite', SAFEFLEET_LOG_LEVEL: 'info' };
    const one = new EnvConsoleProcess(await freePort(), dir, env);
    const two = new EnvConsoleProcess(await freePort(), dir, env);
    await one.start(); // creates the database
    await two.start();
    await one.proc.waitFor(/cluster node started/, 10_000);
    await two.proc.waitFor(/cluster node started/, 10_000);

    const creds = await one.enrol('cl-laptop-1');
    agent = await RawAgent.connect({ ...creds, wsUrl: `ws://127.0.0.1:${two.port}/ws/agent` }, 'cl-laptop-1');
    const api1 = await one.login();
    const post = (path: string) => api1(path, { method: 'POST', headers: { origin: one.url } });

    // collect-now through node 1: delivered by node 2, acknowledged, then 202.
    const collect = await post(`/api/devices/${creds.deviceId}/collect`);
    expect(collect.status, await collect.clone().text()).toBe(202);
    const { commandId } = (await collect.json()) as { commandId: string };
    const got = (await agent.next((m) => m.type === 'command' && m.name === 'collect-now', 5000)) as Extract<ServerMessage, { type: 'command' }>;
    expect(got.commandId).toBe(commandId);
    expect(two.proc.lines.join('\n')).toMatch(/command from another console node/);

    // notify: the password of the device's account is due in 10 days; "send reminders now" on node 1.
    const accounts = {
      status: 'ok' as const,
      accounts: [{ username: 'sam', isHuman: true, passwordLastSetAt: new Date(Date.now() - 80 * DAY).toISOString(), mustChangeAtNextLogin: false }],
    };
    await agent.report(laptopFacts('cl-laptop-1', { accounts }));
    const run = await post('/api/password-prompts/run');
    expect(run.status, await run.clone().text()).toBe(200);
    expect(((await run.json()) as { prompts: number }).prompts).toBe(1);
    const notify = await agent.next((m) => m.type === 'command' && m.name === 'notify', 5000);
    expect(notify).toMatchObject({ name: 'notify', args: { user: 'sam', title: 'Time to change your password' } });

    // A browser on node 2 (signed in there) sees the keeper set through node 1.
    const cookie = await sessionCookie(two.url);
    const events: ConsoleEvent[] = [];
    browser = new WebSocket(`ws://127.0.0.1:${two.port}/ws/console`, { headers: { cookie, origin: two.url } });
    browser.on('message', (data) => events.push(ConsoleEvent.parse(JSON.parse(String(data)))));
    await until('the hello of node 2', async () => events.find((e) => e.type === 'hello'), 10_000, 50);
    const patch = await api1(`/api/devices/${creds.deviceId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', origin: one.url },
      body: JSON.stringify({ keeper: { name: 'Sam Patel', email: 'sam@charity.example.org', role: '' } }),
    });
    expect(patch.status, await patch.clone().text()).toBe(200);
    const updated = await until(
      'the device-updated event on node 2',
      async () => events.find((e) => e.type === 'device-updated' && e.device.id === creds.deviceId && e.cause === 'keeper'),
      10_000,
      50,
    );
    expect(updated.type === 'device-updated' && updated.device.keeper?.name).toBe('Sam Patel');

    // Node 2 stops: its presence rows go with it, so node 1 says at once that nobody holds the agent.
    browser.terminate();
    await two.stop();
    const gone = await post(`/api/devices/${creds.deviceId}/collect`);
    expect(gone.status).toBe(409);
    expect(await gone.json()).toEqual({ error: 'device is not connected' });
    await one.stop();
  }, 60_000);
});
