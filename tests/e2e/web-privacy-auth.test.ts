// Issue 9 (security), in real Chromium against a real console process: two-step sign-in (TOTP)
// set up on the Account page and then asked for at sign-in; the Activity page's CSV download of the
// whole log; a device page's JSON download of everything stored about the device and its erase,
// after a plain-words confirmation (IT lead only). A simulated agent (a real WebSocket) reports first.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditList, DeviceExport } from '@safefleet/protocol';
import { base32Decode, hotp } from '@safefleet/server';
import { parseCsv } from '../../apps/web/src/lib/csv.js';
import { closeAllBrowsers, launchBrowser, VIEWPORTS, type BrowserSession } from '../support/browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../support/console.js';
import { removeTempDirs, stopAll, until } from '../support/processes.js';
import { seedDevices, SimAgent, type Cred } from '../support/sim-agents.js';

let consoleProc: ConsoleProcess;
let browser: BrowserSession;
let agent: SimAgent;
let cred: Cred;

beforeAll(async () => {
  consoleProc = await ConsoleProcess.create();
  [cred] = seedDevices(consoleProc.dataDir, 1) as [Cred];
  await consoleProc.start();
  agent = new SimAgent(consoleProc.url, cred, 0);
  agent.connect();
  await until('the simulated agent to connect', async () => agent.connected);
  const reportId = agent.collect();
  await until('the report to be acked', async () => agent.acked.has(reportId));
  browser = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
}, 120_000);

afterAll(async () => {
  agent?.stop();
  await closeAllBrowsers();
  await stopAll();
  removeTempDirs();
});

const step = (ms: number) => Math.floor(ms / 30_000);

describe('console security pages (Chromium)', () => {
  let key: Buffer;

  it('two-step sign-in: set up on the Account page with the QR code, then sign-in asks for the code', async () => {
    const { page } = browser;
    await page.goto('/login');
    await page.getByLabel('Email').fill('admin@localhost');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();

    await page.goto('/account');
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    const qr = page.getByRole('img', { name: /QR code/ });
    await qr.waitFor();
    // The QR code image loaded (the data: URI is allowed by the console's CSP).
    const loaded = await qr.evaluate((img) => {
      const i = img as unknown as { complete: boolean; naturalWidth: number };
      return i.complete && i.naturalWidth > 0;
    });
    expect(loaded).toBe(true);
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    key = base32Decode(secret);
    await page.getByLabel('2. Type the 6-digit code the app shows').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page
      .getByRole('alert')
      .getByText(/That code is not right/)
      .waitFor();
    await page.getByLabel('2. Type the 6-digit code the app shows').fill(hotp(key, step(Date.now())));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(8);
    await page.getByText(/recovery codes? left/).waitFor();

    // Sign out, and in again: the password alone is not enough now.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill('admin@localhost');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const codeField = page.getByLabel('Code from your app');
    await codeField.waitFor();
    expect(await page.getByRole('heading', { name: 'Your account', level: 1 }).count()).toBe(0);
    const api = await fetch(`${consoleProc.url}/api/auth/me`, {
      headers: { cookie: (await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(api.status).toBe(401);
    await codeField.fill('123456');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/That code is not right/)
      .waitFor();
    // The next 30-second step's code (one step of clock drift is allowed; the confirming code's step is used).
    await codeField.fill(hotp(key, step(Date.now()) + 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signed in: back on the page the sign-out was made from.
    await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
    await page.getByText('8 recovery codes left').waitFor();
  });

  it('the Activity page downloads the whole log as CSV, and the download is in it', async () => {
    const { page } = browser;
    await page.goto('/activity');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the whole log (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^safefleet-activity-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['Id', 'When (UTC)', 'Who', 'Action', 'About', 'Details (JSON)']);
    const actions = rows.map((r) => r[3]);
    for (const a of ['auth.login', 'auth.totp-enabled', 'auth.totp-failed', 'audit.exported']) expect(actions, a).toContain(a);
    const login = rows.filter((r) => r[3] === 'auth.login').at(-1);
    expect(JSON.parse(login?.[5] ?? '{}')).toEqual({ secondStep: 'totp' });
  });

  it("the device page downloads the device's data as JSON and erases it after typing its name", async () => {
    const { page } = browser;
    await page.goto(`/devices/${cred.id}`);
    await page.getByRole('heading', { name: "This device's data" }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: "Download this device's data (JSON)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^safefleet-device-sim-0-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = DeviceExport.parse(JSON.parse(readFileSync(await download.path(), 'utf8')));
    expect(exported.device).toMatchObject({ id: cred.id, hostname: 'sim-0' });
    expect(Object.keys(exported.device)).not.toContain('secretHash');
    expect(Object.keys(exported.device)).not.toContain('nextSecretHash');
    expect(Object.values(exported.tables).some((rows) => Array.isArray(rows) && rows.length > 0)).toBe(true);

    // While the (simulated) agent is connected, the IT lead can replace its credential.
    await page.getByRole('button', { name: 'Replace its credential now' }).click();
    await page.getByText(/A new credential was sent to the device/).waitFor();

    await page.getByRole('button', { name: "Erase this device's data…" }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/cannot be undone/).waitFor();
    const eraseButton = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await eraseButton.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type the device name/).fill('sim-');
    expect(await eraseButton.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type the device name/).fill('sim-0');
    await eraseButton.click();
    await page.waitForURL(/\/devices$/);

    const cookie = (await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    expect((await fetch(`${consoleProc.url}/api/devices/${cred.id}`, { headers: { cookie } })).status).toBe(404);
    const audit = AuditList.parse(await (await fetch(`${consoleProc.url}/api/audit?target=${cred.id}`, { headers: { cookie } })).json());
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['device.erased', 'device.exported', 'device.credential-rotation-started']));
    // Its live connection was closed and its credential no longer works.
    await until('the agent to be disconnected', async () => !agent.connected);
  });
});
