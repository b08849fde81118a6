// Acceptance (web console): the real console serving apps/web/dist, a real enrolled agent, headless
// Chromium. Sign in; see the device in the overview and the list (live, without reloading); open its
// detail and set its keeper; a second device reports a catalogued app (WhatsApp) and an exception
// approved in the browser turns its social-apps control to pass live; the CSV export holds exactly
// the rows shown; a viewer sees no edit controls and gets 403 from the API. Screenshots of overview,
// device detail and report at 1366×768 and 820×1180 go to tests/test-output/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import {
  AuditList,
  CONTROL_IDS,
  ConsoleUser,
  decodeEnrolmentString,
  DeviceDetail,
  DeviceSummary,
  EnrolmentToken,
  EnrollResponse,
  Facts,
  PROTOCOL_VERSION,
  type FactsInput,
} from '@safefleet/protocol';
import { parseCsv } from '../../apps/web/src/lib/csv.js';
import { closeAllBrowsers, launchBrowser, screenshotAt, VIEWPORTS, type BrowserSession } from '../support/browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../support/console.js';
import { agentBin, removeTempDirs, repoRoot, run, start, stopAll, tempDir, until } from '../support/processes.js';

type Api = Awaited<ReturnType<ConsoleProcess['login']>>;

const VIEWER = { email: 'trustee@example.org', password: 'viewer-password-e2e', role: 'viewer' as const };
const SCRIPTED_HOST = 'e2e-comms-laptop';

let consoleProc: ConsoleProcess;
let admin: Api;
let browser: BrowserSession;
let realDevice: DeviceSummary;
let scripted: { creds: EnrollResponse; ws: WebSocket };

beforeAll(async () => {
  const index = join(repoRoot, 'apps/web/dist/index.html');
  if (!existsSync(index)) throw new Error('apps/web/dist is missing: run "npm run build" first');
  consoleProc = await ConsoleProcess.create();
  await consoleProc.start();
  admin = await consoleProc.login();
  browser = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
});

afterAll(async () => {
  scripted?.ws.close();
  await closeAllBrowsers();
  await stopAll();
  removeTempDirs();
});

async function json<T>(res: Response, schema: { parse(d: unknown): T }): Promise<T> {
  expect(res.ok, `${res.url} answered ${res.status}: ${res.ok ? '' : await res.clone().text()}`).toBe(true);
  return schema.parse(await res.json());
}

/** A device driven from the test over /ws/agent, reporting this host's real facts plus one catalogued app. */
async function scriptedDevice(): Promise<{ creds: EnrollResponse; ws: WebSocket }> {
  const token = await json(
    await admin('/api/enrolment-tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uses: 1 }) }),
    EnrolmentToken,
  );
  const { url, token: secret } = decodeEnrolmentString(token.enrolmentString);
  const creds = await json(
    await fetch(`${url}/agent/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: secret, hostname: SCRIPTED_HOST, platform: 'linux', agentVersion: 'e2e' }),
    }),
    EnrollResponse,
  );
  const collected = await run(agentBin, ['collect', '--json']);
  expect(collected.code, collected.stderr).toBe(0);
  const facts: FactsInput = JSON.parse(collected.stdout) as FactsInput;
  facts.os.hostname = SCRIPTED_HOST;
  facts.apps = {
    status: 'ok',
    apps: [...(facts.apps.status === 'ok' ? (facts.apps.apps ?? []) : []), { name: 'WhatsApp', id: 'com.whatsapp', source: 'android' }],
  };
  Facts.parse(facts);

  const ws = new WebSocket(creds.wsUrl, { headers: { authorization: `Bearer ${creds.deviceId}.${creds.deviceSecret}` } });
  const frames: Array<{ type: string }> = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as { type: string }));
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: 'e2e', hostname: SCRIPTED_HOST, platform: 'linux' }));
  ws.send(JSON.stringify({ type: 'report', reportId: randomUUID(), seq: 1, facts }));
  await until('the scripted report to be acked', async () => frames.some((f) => f.type === 'ack'), 20_000);
  return { creds, ws };
}

describe('web console against the real server and agent', () => {
  it('signs in, with the first-run hint while admin@localhost is the only user', async () => {
    const { page } = browser;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('First start?').waitFor();
    await page.getByLabel('Email').fill('admin@localhost');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Email or password is not right').waitFor();
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByText('First start.').waitFor();
    await page.getByText('Live updates on').waitFor();
  });

  it('shows a newly enrolled real agent in the overview and the device list without reloading', async () => {
    const { page } = browser;
    await page.getByText('No devices yet.').waitFor();
    const stateDir = tempDir('safefleet-agent-');
    const enrolled = await run(agentBin, ['enroll', await consoleProc.createEnrolmentString(), '--state', stateDir]);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    start('agent', agentBin, ['run', '--state', stateDir, '--interval', '30s']);
    realDevice = await until('the agent to report', async () => {
      const list = await json(await admin('/api/devices'), DeviceSummary.array());
      return list.find((d) => d.findings.length === CONTROL_IDS.length);
    });
    expect(realDevice.hostname).toBe(hostname());

    // The page was not reloaded: the console WebSocket told it.
    await page.getByText(/ of 1 device meet every control\./).waitFor({ timeout: 20_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices', exact: true }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByRole('rowheader').getByRole('link', { name: realDevice.hostname, exact: true }).waitFor();
    await page.getByTestId('device-count').filter({ hasText: 'Showing 1 of 1 device' }).waitFor();
  });

  it('opens the device detail with every control, the facts and the timeline, and sets the keeper', async () => {
    const { page } = browser;
    await page.getByRole('rowheader').getByRole('link', { name: realDevice.hostname, exact: true }).click();
    await page.getByRole('heading', { name: realDevice.hostname, level: 1 }).waitFor();
    expect(await page.locator('.finding').count()).toBe(CONTROL_IDS.length);
    for (const heading of ['What the agent found', 'Timeline', 'Installed apps', 'Accounts and password ages', 'Antivirus and anti-spyware']) {
      await page.getByRole('heading', { name: heading }).first().waitFor();
    }
    await page.getByRole('button', { name: 'Change keeper' }).click();
    await page.getByLabel('Keeper’s name').fill('Priya Shah');
    await page.getByLabel('Keeper’s email').fill('priya@example.org');
    await page.getByLabel('Keeper’s role').fill('Social media officer');
    await page.getByRole('button', { name: 'Save keeper' }).click();
    await page
      .getByTestId('keeper-name')
      .filter({ hasText: /^Priya Shah$/ })
      .waitFor();
    const detail = await json(await admin(`/api/devices/${realDevice.id}`), DeviceDetail);
    expect(detail.keeper).toEqual({ name: 'Priya Shah', email: 'priya@example.org', role: 'Social media officer' });
  });

  it('approves an exception for a catalogued app in the browser and the control turns to pass live', async () => {
    scripted = await scriptedDevice();
    const { page } = browser;
    const watcher = await browser.context.newPage();
    await watcher.goto(`/devices/${scripted.creds.deviceId}`);
    const socialApps = watcher.locator('[data-control="social-apps"]');
    await expect(socialApps.getAttribute('data-status')).resolves.toBe('fail');
    await watcher.getByText('WhatsApp').first().waitFor();

    await page.goto(`/devices/${scripted.creds.deviceId}`);
    await page.getByRole('link', { name: 'Approve an exception for these apps…' }).click();
    await page.getByRole('heading', { name: 'Approve an exception' }).waitFor();
    await expect(page.getByRole('checkbox', { name: 'WhatsApp' }).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Device', { exact: true }).inputValue()).resolves.toBe(scripted.creds.deviceId);
    await page.getByRole('button', { name: 'Approve exception' }).click();
    await page.getByText(/Write the risk assessment/).waitFor(); // refused without one
    await page
      .getByLabel('Risk assessment')
      .fill('Needed to reach parents on a residential trip; work phone number only, DSL reviews messages weekly.');
    await page.getByLabel('Approved by').fill('Sam Patel, DSL');
    await page.getByRole('button', { name: 'Approve exception' }).click();
    await page.getByText(/Exception approved/).waitFor();

    // The other tab was not reloaded.
    await until('social-apps to pass in the open device page', async () => (await socialApps.getAttribute('data-status')) === 'pass', 20_000);
    await watcher.getByText(/Allowed by exception until/).waitFor();
    await watcher.close();

    const audit = await json(await admin('/api/audit?limit=20'), AuditList);
    expect(audit.some((e) => e.action === 'exception.created')).toBe(true);
  });

  it('exports exactly the rows shown as CSV, one column per control', async () => {
    const { page } = browser;
    await page.goto('/devices');
    const csvOf = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const path = join(tempDir('safefleet-csv-'), download.suggestedFilename());
      await download.saveAs(path);
      return parseCsv(readFileSync(path, 'utf8'));
    };
    await page.getByRole('rowheader').getByRole('link', { name: SCRIPTED_HOST }).waitFor();
    const all = await csvOf();
    const header = ['Device', 'Status', 'Keeper', 'Keeper role', 'Platform', 'Last seen'];
    expect(all[0]!.slice(0, header.length)).toEqual(header);
    expect(all[0]).toHaveLength(header.length + CONTROL_IDS.length);
    expect(
      all
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([realDevice.hostname, SCRIPTED_HOST].sort());

    await page.getByLabel('Search').fill('comms');
    await page.getByTestId('device-count').filter({ hasText: 'Showing 1 of 2' }).waitFor();
    const one = await csvOf();
    expect(one).toHaveLength(2);
    const row = one[1]!;
    expect(row[0]).toBe(SCRIPTED_HOST);
    expect(row[4]).toBe('Linux');
    expect(row[header.length + CONTROL_IDS.indexOf('social-apps')]).toBe('Pass');
    expect(Number.isNaN(Date.parse(row[5]!))).toBe(false); // last seen, ISO 8601
    const api = await json(await admin('/api/devices'), DeviceSummary.array());
    expect(row[2]).toBe(api.find((d) => d.hostname === SCRIPTED_HOST)!.keeper?.name ?? '');
  });

  it('gives a viewer no edit controls, and the API answers 403', async () => {
    await json(
      await admin('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(VIEWER) }),
      ConsoleUser,
    );
    const viewer = await launchBrowser({ baseURL: consoleProc.url });
    const { page } = viewer;
    await page.goto('/');
    await page.getByLabel('Email').fill(VIEWER.email);
    await page.getByLabel('Password').fill(VIEWER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Enrol devices' }).count()).toBe(0);

    await page.goto(`/devices/${realDevice.id}`);
    await page.getByRole('heading', { name: realDevice.hostname, level: 1 }).waitFor();
    for (const name of ['Change keeper', 'Check now', 'Revoke device…']) expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    await page.goto('/exceptions');
    await page.getByRole('heading', { name: 'Exceptions and keeper roles' }).waitFor();
    // Exceptions name apps and people: a viewer is told they are the DSL's and the IT lead's.
    await page.getByText('shown to the DSL and the IT lead only', { exact: false }).first().waitFor();
    expect(await page.getByText('Sam Patel, DSL', { exact: false }).count()).toBe(0);
    for (const name of ['Approve exception', 'Revoke…', 'Add a keeper role']) expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    await page.goto('/policy');
    await page.getByRole('heading', { name: 'Limits' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save policy' }).count()).toBe(0);
    expect(await page.getByRole('spinbutton').count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);

    const asViewer = await consoleProc.login(VIEWER.email, VIEWER.password);
    const body = (b: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    const writes: Array<[string, RequestInit]> = [
      [`/api/devices/${realDevice.id}`, { method: 'PATCH', ...body({ keeper: null }) }],
      ['/api/policy', { method: 'PUT', ...body({}) }],
      [
        '/api/exceptions',
        { method: 'POST', ...body({ appIds: ['whatsapp'], scope: { kind: 'role', role: 'x' }, riskAssessment: 'x'.repeat(30), approvedBy: 'x' }) },
      ],
      ['/api/roles', { method: 'POST', ...body({ name: 'Viewer role' }) }],
      ['/api/users', { method: 'POST', ...body({ email: 'x@example.org', role: 'admin', password: 'x'.repeat(12) }) }],
    ];
    for (const [path, init] of writes) expect((await asViewer(path, init)).status, `${init.method} ${path}`).toBe(403);
    await viewer.close();
  });

  it('saves screenshots of the overview, device detail and report at laptop and tablet sizes', async () => {
    const { page } = browser;
    const shots: Array<[string, string, string]> = [
      ['/', 'overview', 'Overview'],
      [`/devices/${scripted.creds.deviceId}`, 'device-detail', SCRIPTED_HOST],
      ['/report', 'report', 'Device safety report'],
    ];
    for (const [path, name, heading] of shots) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      const files = await screenshotAt(page, name, [VIEWPORTS.laptop, VIEWPORTS.tablet]);
      for (const f of files) expect(existsSync(f)).toBe(true);
    }
    // The report prints without the navigation.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it("ran every page above under the console's Content-Security-Policy without a violation", async () => {
    const res = await fetch(`${consoleProc.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(browser.cspViolations).toEqual([]);
  });
});
