// Issue 11, acceptance 2 (browser): the IT lead adds two keeper-checked tablets and gets their
// check-in links; each keeper opens the link in headless Chromium made to look like the tablet:
// - an iPad: iPadOS Safari sends a Mac User-Agent by default ("Version/26.5 Safari"), has no UA
//   Client Hints, and reports 5 touch points; the page tells it from a Mac by the touch points;
// - an Android tablet: Chrome's reduced User-Agent says only "Android 10; K", while UA Client Hints
//   (set through CDP Emulation.setUserAgentOverride with userAgentMetadata) give the real version
//   and model through navigator.userAgentData.getHighEntropyValues.
// The keepers confirm passcode and screen lock; the Android keeper ticks TikTok. Both tablets show
// in the console as "Confirmed by the keeper on <today>" with their findings, and TikTok raises the
// DSL alert exactly as on a laptop: the alert, a concern waiting for triage, and one email to the
// DSL on a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AlertList, CheckinState, ConcernList, DeviceDetail, DeviceSummary, shortDate } from '@safefleet/protocol';
import { EnvConsoleProcess } from '../support/alerts-console.js';
import { closeAllBrowsers, launchBrowser, screenshot, VIEWPORTS, type BrowserSession } from '../support/browser.js';
import { ADMIN_PASSWORD } from '../support/console.js';
import { removeTempDirs, repoRoot, stopAll, until } from '../support/processes.js';
import { MailCatcher } from '../support/smtp.js';

type Api = Awaited<ReturnType<EnvConsoleProcess['login']>>;

/** iPadOS Safari's default User-Agent: a Mac's, with Safari's Version/ token following the system's version. */
const ipadSafariUa = (version: string) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${version} Safari/605.1.15`;
const ANDROID_CHROME_UA = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

const smtp = new MailCatcher();
let consoleProc: EnvConsoleProcess;
let admin: Api;
let browser: BrowserSession;

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: run "npm run build" first');
  await smtp.start(0);
  consoleProc = await EnvConsoleProcess.createWithEnv({
    SAFEFLEET_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SAFEFLEET_MAIL_FROM: 'Safefleet <safefleet@charity.example.org>',
    SAFEFLEET_DSL_EMAIL: 'dsl@charity.example.org',
  });
  await consoleProc.start();
  admin = await consoleProc.login();
  browser = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.tablet });
});

afterAll(async () => {
  await closeAllBrowsers();
  await stopAll();
  await smtp.stop();
  removeTempDirs();
});

/** The IT lead adds a tablet on the console's "Tablets & phones" page and reads its link (shown once) and QR code. */
async function addTablet(t: { name: string; system: string; keeperName: string; keeperEmail: string; keeperRole: string }) {
  const page = browser.page;
  const form = page.getByRole('form', { name: 'Add a tablet its keeper checks in' });
  await form.getByLabel('Tablet name').fill(t.name);
  await form.getByLabel('System').selectOption({ label: t.system });
  await form.getByLabel('Keeper’s name').fill(t.keeperName);
  await form.getByLabel('Keeper’s email').fill(t.keeperEmail);
  await form.getByLabel('Keeper’s role').fill(t.keeperRole);
  await form.getByRole('button', { name: 'Add tablet and make its link' }).click();
  const shown = page.getByRole('region', { name: `Check-in link for ${t.name}` });
  await shown.waitFor();
  const url = (await shown.getByLabel('check-in link').textContent())?.trim() ?? '';
  expect(url).toMatch(new RegExp(`^${consoleProc.url}/checkin/[A-Za-z0-9_-]{32}$`));
  const qr = shown.getByRole('img', { name: `QR code of the check-in link for ${t.name}` });
  expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await page.getByRole('table').getByRole('link', { name: t.name }).waitFor();
  const deviceId = decodeURIComponent((await page.getByRole('table').getByRole('link', { name: t.name }).getAttribute('href'))!.split('/').pop()!);
  return { deviceId, url };
}

async function device(id: string): Promise<DeviceDetail> {
  const res = await admin(`/api/devices/${id}`);
  expect(res.status).toBe(200);
  return DeviceDetail.parse(await res.json());
}

/** A new page whose browser says what `emulate` sets (before the page loads). */
async function tabletPage(emulate: (page: Page) => Promise<void>): Promise<Page> {
  const page = await browser.context.newPage();
  await emulate(page);
  return page;
}

async function answer(page: Page, url: string, ticks: { apps: string[]; patchMonth?: string }): Promise<void> {
  await page.goto(url);
  await page.locator('#form').waitFor({ state: 'visible' });
  await page.getByLabel('A passcode, PIN or pattern is needed to unlock this tablet').check();
  await page.getByLabel('The screen locks by itself after a few minutes (Auto-Lock or Screen timeout)').check();
  await page.getByLabel('I changed the passcode in the last three months').check();
  if (ticks.patchMonth) await page.locator('#securityPatch').fill(ticks.patchMonth);
  for (const app of ticks.apps) await page.locator('label.app', { hasText: app }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.locator('#result h2').waitFor();
}

describe('keeper check-in from an iPad and an Android tablet in Chromium', () => {
  it('both confirm; the console says "Confirmed by the keeper on <date>" with findings; TikTok raises the DSL alert', async () => {
    // The IT lead signs in and adds both tablets on the console's Tablets & phones page.
    const page = browser.page;
    await page.goto('/');
    await page.getByLabel('Email').fill('admin@localhost');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tablets & phones' }).click();
    await page.getByRole('heading', { name: 'Tablets and phones', level: 1 }).waitFor();
    const ipad = await addTablet({
      name: 'Youth iPad 4',
      system: 'iPadOS (iPad)',
      keeperName: 'Jo Bloggs',
      keeperEmail: 'jo@charity.example.org',
      keeperRole: 'Youth worker',
    });
    const android = await addTablet({
      name: 'Event tablet 2',
      system: 'Android',
      keeperName: 'Sam Patel',
      keeperEmail: 'sam@charity.example.org',
      keeperRole: 'Events lead',
    });
    expect((await device(ipad.deviceId)).assurance).toBe('Waiting for the keeper’s first check-in');
    await screenshot(page, 'tablets-page-links');

    // The iPad runs the newest iPadOS in Safefleet's shipped table (the page's state says which).
    const state = CheckinState.parse(await (await fetch(`${ipad.url}/state`)).json());
    const IPADOS = state.current.apple[0]!.latest;
    // The iPad: a Mac User-Agent, no Client Hints (Safari has none), five touch points.
    const ipadPage = await tabletPage(async (page) => {
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setUserAgentOverride', { userAgent: ipadSafariUa(IPADOS), platform: 'MacIntel' });
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
      await page.addInitScript({
        content: "Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => undefined, configurable: true });",
      });
    });
    await ipadPage.goto(ipad.url);
    const ipadDetected = ipadPage.locator('#detected');
    await ipadDetected.waitFor();
    expect(await ipadDetected.textContent()).toContain(`Your browser says this is iPadOS ${IPADOS} (iPad)`);
    expect(await ipadPage.locator('#platform').inputValue()).toBe('ipados');
    expect(await ipadPage.locator('#osVersion').inputValue()).toBe(IPADOS);
    await answer(ipadPage, ipad.url, { apps: [] });
    const today = shortDate(new Date().toISOString());
    expect(await ipadPage.locator('#result h2').textContent()).toBe(`Thank you. Confirmed by the keeper on ${today}.`);
    expect(await ipadPage.locator('[data-control="antivirus"]').textContent()).toContain('not applicable on iPadOS');
    expect(await ipadPage.locator('[data-control="social-apps"]').textContent()).toContain('OK');
    await screenshot(ipadPage, 'checkin-ipad');

    // The Android tablet: reduced User-Agent, real version and model in the Client Hints.
    const androidPage = await tabletPage(async (page) => {
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setUserAgentOverride', {
        userAgent: ANDROID_CHROME_UA,
        platform: 'Linux armv8l',
        userAgentMetadata: {
          brands: [
            { brand: 'Chromium', version: '142' },
            { brand: 'Google Chrome', version: '142' },
          ],
          fullVersionList: [
            { brand: 'Chromium', version: '142.0.7444.102' },
            { brand: 'Google Chrome', version: '142.0.7444.102' },
          ],
          platform: 'Android',
          platformVersion: '15.0.0',
          architecture: '',
          model: 'SM-X216B',
          mobile: false,
        },
      });
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 10 });
    });
    await androidPage.goto(android.url);
    const androidDetected = androidPage.locator('#detected');
    await androidDetected.waitFor();
    // The User-Agent alone would say Android 10: the Client Hints win.
    expect(await androidDetected.textContent()).toContain('Your browser says this is Android 15 (SM-X216B)');
    expect(await androidPage.locator('#osVersion').inputValue()).toBe('15');
    const month = new Date().toISOString().slice(0, 7);
    await answer(androidPage, android.url, { apps: ['TikTok'], patchMonth: month });
    const social = await androidPage.locator('[data-control="social-apps"]').textContent();
    expect(social).toContain('Needs action');
    expect(social).toContain('TikTok');
    await screenshot(androidPage, 'checkin-android');

    // The console's records: the keeper's assurance, the browser's facts and the findings.
    const ipadDevice = await device(ipad.deviceId);
    expect(ipadDevice.assurance).toBe(`Confirmed by the keeper on ${today}`);
    expect(ipadDevice.source).toMatchObject({ type: 'keeper' });
    expect(ipadDevice.kind).toBe('tablet');
    const ipadFindings = Object.fromEntries(ipadDevice.findings.map((f) => [f.control, f]));
    expect(ipadFindings['screen-lock']?.status).toBe('pass');
    expect(ipadFindings['os-updates']?.status).toBe('pass');
    expect(ipadFindings['social-apps']?.status).toBe('pass');
    expect(ipadFindings['disk-encryption']?.reason).toContain('Data Protection');
    const androidDevice = await device(android.deviceId);
    expect(androidDevice.assurance).toBe(`Confirmed by the keeper on ${today}`);
    expect(androidDevice.facts?.os).toMatchObject({ platform: 'android', release: '15' });
    expect(JSON.stringify(androidDevice.facts)).toContain('SM-X216B');
    const androidFindings = Object.fromEntries(androidDevice.findings.map((f) => [f.control, f]));
    expect(androidFindings['social-apps']).toMatchObject({ status: 'fail' });
    expect(androidFindings['social-apps']?.reason).toContain('TikTok');
    expect(androidFindings['screen-lock']?.status).toBe('pass');
    expect(androidDevice.status).toBe('noncompliant');

    // TikTok raises the DSL alert like a laptop: the alert, a concern to triage, one email.
    const alerts = await until('the social-apps alert for the Android tablet', async () => {
      const list = AlertList.parse(await (await admin(`/api/alerts?deviceId=${android.deviceId}`)).json());
      return list.length > 0 && list;
    });
    expect(alerts[0]).toMatchObject({ control: 'social-apps', status: 'open', hostname: 'Event tablet 2' });
    expect(AlertList.parse(await (await admin(`/api/alerts?deviceId=${ipad.deviceId}&control=social-apps`)).json())).toEqual([]);
    const concerns = ConcernList.parse(await (await admin('/api/concerns')).json());
    expect(concerns.filter((c) => c.deviceId === android.deviceId)).toHaveLength(1);
    // (Other mail may come too, e.g. the security review reminder to the IT lead on a fresh console.)
    const safeguarding = await until('the DSL email about TikTok', async () => {
      const list = smtp.mails.filter((m) => m.subject.startsWith('Safeguarding alert:'));
      return list.length > 0 && list;
    });
    expect(safeguarding).toHaveLength(1);
    const mail = safeguarding[0]!;
    expect(mail.to).toEqual(['dsl@charity.example.org']);
    expect(mail.subject).toBe('Safeguarding alert: TikTok found on Event tablet 2 (Sam Patel)');
    expect(mail.text).toContain('Keeper: Sam Patel (sam@charity.example.org), Events lead');

    // The IT lead sees both in the console's device list, in words, filtered to keeper check-ins.
    await page.goto('/devices');
    await page.getByLabel('Source').selectOption({ label: 'Keeper check-in' });
    await page.getByLabel('Kind').selectOption({ label: 'Tablet' });
    await page.getByRole('link', { name: 'Event tablet 2' }).waitFor();
    const rows = page.getByRole('row');
    const androidRow = rows.filter({ has: page.getByRole('link', { name: 'Event tablet 2' }) });
    expect(await androidRow.getByTestId('assurance').textContent()).toBe(`Confirmed by the keeper on ${today}`);
    expect(await androidRow.textContent()).toContain('Not compliant');
    await page.getByRole('link', { name: 'Youth iPad 4' }).click();
    await page.getByRole('heading', { name: /Youth iPad 4/, level: 1 }).waitFor();
    expect(await page.getByTestId('assurance').first().textContent()).toBe(`Tablet · Confirmed by the keeper on ${today}`);
    await screenshot(page, 'checkin-console-ipad');

    // The overview counts devices by kind and source, each leading to the filtered list.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    const kinds = page.getByTestId('kinds-sources');
    await kinds.getByRole('link', { name: 'Keeper check-in: 2' }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    expect(await page.getByTestId('device-count').textContent()).toBe('Showing 2 of 2 devices.');
  });

  it('the IT lead uploads a CSV (bad rows shown by line) and sets up a connector whose secret is never shown again', async () => {
    const page = browser.page;
    await page.goto('/tablets');
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const csv = [
      'serial,name,kind,platform,osVersion,securityPatch,encrypted,passcode,apps,keeperEmail,lastSync',
      `R9AW0101,Events tablet 11,tablet,android,16,${ago(200)},true,true,com.whatsapp,sam@charity.example.org,${ago(1)}`,
      `DMPX0102,Youth iPad 12,tablet,ipados,26.1,,,yes,,jo@charity.example.org,${ago(2)}`,
      `R9AW0103,Events tablet 13,tablet,android,16,31/11/2026,true,true,,,${ago(1)}`,
      `R9AW0104,Staff phone 14,phone,android,15,${ago(20)},true,true,,,${ago(1)}`,
      `R9AW0101,Events tablet 11 again,tablet,android,16,${ago(20)},true,true,,,${ago(1)}`,
    ].join('\n');
    const upload = page.getByRole('form', { name: 'Import devices from a CSV file' });
    await upload.getByLabel('CSV file').setInputFiles({ name: 'tablets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await upload.getByRole('button', { name: 'Import' }).click();
    const result = page.getByTestId('csv-result');
    await result.waitFor();
    expect(await result.getByRole('status').textContent()).toBe('3 devices imported (Safefleet CSV). 2 rows were not imported:');
    expect(await result.locator('.csv-errors li').allTextContents()).toEqual([
      "Line 4: securityPatch '31/11/2026' is not an ISO 8601 date (e.g. 2026-11-30 or 2026-11-30T10:00:00Z)",
      'Line 6: serial R9AW0101 is already on line 2',
    ]);
    const imported = DeviceSummary.array().parse(await (await admin('/api/devices')).json());
    expect(
      imported
        .filter((d) => d.serial?.startsWith('R9AW01') || d.serial?.startsWith('DMPX01'))
        .map((d) => d.hostname)
        .sort(),
    ).toEqual(['Events tablet 11', 'Staff phone 14', 'Youth iPad 12']);

    // Intune: entered once; the console keeps the secret encrypted and never shows it again.
    const intune = page.getByTestId('connector-intune');
    expect(await intune.getByTestId('connector-state').count()).toBe(0);
    await intune.getByLabel('Directory (tenant) id').fill('4f1c0d2e-tenant');
    await intune.getByLabel('Application (client) id').fill('9a8b7c6d-client');
    await intune.getByLabel('Client secret value').fill('Zx8Q~the-real-secret-value-1234');
    await intune.getByLabel('Keeper groups (optional)').fill('0b6c2e1a-youth = Youth worker');
    await intune.getByRole('button', { name: 'Save Microsoft Intune and Microsoft 365' }).click();
    await intune.getByText('Microsoft Intune and Microsoft 365 saved.').waitFor();
    await page.reload();
    const again = page.getByTestId('connector-intune');
    expect(await again.getByTestId('connector-state').textContent()).toContain('Set up; not synced yet.');
    expect(await again.getByLabel(/Client secret value/).inputValue()).toBe('');
    expect(await again.getByText('A secret is stored. Leave this empty to keep it, or paste a new one.').count()).toBe(1);
    expect(await again.getByLabel('Keeper groups (optional)').inputValue()).toBe('0b6c2e1a-youth = Youth worker');
    expect(await page.content()).not.toContain('the-real-secret');
    const listed = await (await admin('/api/tablets/connectors')).text();
    expect(listed).toContain('4f1c0d2e-tenant');
    expect(listed).not.toContain('the-real-secret');

    // Its client secret has expired: "Sync now" says so in words, and the connector keeps saying it.
    // (A local stand-in for the Microsoft sign-in endpoint answers as Entra does for an expired secret.)
    const signIn = createServer((req, res) => {
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: 'invalid_client',
          error_description: "AADSTS7000222: The provided client secret keys for app '9a8b7c6d-client' are expired.",
        }),
      );
    });
    await new Promise<void>((r) => signIn.listen(0, '127.0.0.1', () => r()));
    try {
      const tokenUrl = `http://127.0.0.1:${(signIn.address() as AddressInfo).port}/4f1c0d2e-tenant/oauth2/v2.0/token`;
      const put = await admin('/api/tablets/connectors/intune', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ settings: { tenantId: '4f1c0d2e-tenant', clientId: '9a8b7c6d-client', tokenUrl } }),
      });
      expect(put.status).toBe(200);
      await page.reload();
      const card = page.getByTestId('connector-intune');
      await card.getByRole('button', { name: 'Sync Microsoft Intune and Microsoft 365 now' }).click();
      const expired = card.getByRole('alert').filter({ hasText: 'Microsoft 365 refused Safefleet’s client secret: it has expired.' });
      await expired.first().waitFor();
      expect(await card.getByTestId('connector-state').textContent()).toContain('failed');
    } finally {
      await new Promise<void>((r) => signIn.close(() => r()));
    }
    await screenshot(page, 'tablets-page-connectors');
  });
});
