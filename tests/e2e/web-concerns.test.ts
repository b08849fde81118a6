// Acceptance (web console, DSL screens): a real console serving apps/web/dist with a real SMTP
// server (smtp-server on 127.0.0.1), a raw protocol agent on a real /ws/agent WebSocket, and
// headless Chromium (playwright-core, Debian's /usr/bin/chromium).
//
// The DSL opens the alerts page BEFORE the agent reports Telegram, and the alert appears without a
// reload (console WebSocket). The DSL triages it on the Concerns page as a safeguarding concern
// (issue 12: automatic concerns wait for triage), opens it and takes it logged → assessed → action
// taken → closed through the page (a second tab that is behind gets the 409 in plain words), sees
// the timeline, prints the record in a new tab, exports the CSV and opens a concern by hand. The
// device page shows the password due date and the reminder sent. The IT lead edits the email
// settings, and a test email that failed is sent with "Retry now" from the delivery log. A viewer
// sees the alert redacted, no Concerns in the navigation, and gets 403 from /api/concerns.
// Screenshots at 1366×768 and 820×1180 go to tests/test-output/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ConcernList, ConsoleUser, DevicePasswordPrompts, NotificationSettingsView, PromptRunResult, type EnrollResponse } from '@safefleet/protocol';
import { parseCsv } from '../../apps/web/src/lib/csv.js';
import { EnvConsoleProcess, laptopFacts, RawAgent } from '../support/alerts-console.js';
import { closeAllBrowsers, launchBrowser, screenshotAt, VIEWPORTS, type BrowserSession } from '../support/browser.js';
import { ADMIN_PASSWORD } from '../support/console.js';
import { freePort, removeTempDirs, repoRoot, stopAll, tempDir, until } from '../support/processes.js';
import { MailCatcher } from '../support/smtp.js';

type Api = Awaited<ReturnType<EnvConsoleProcess['login']>>;

const HOST = 'yw-laptop-12';
const DSL = { email: 'dana.lee@charity.example.org', password: 'dsl-password-e2e', role: 'dsl' as const };
const VIEWER = { email: 'trustee@charity.example.org', password: 'viewer-password-e2e', role: 'viewer' as const };
const DAY = 86_400_000;

const smtp = new MailCatcher();
let consoleProc: EnvConsoleProcess;
let admin: Api;
let creds: EnrollResponse;
let agent: RawAgent | undefined;
let dsl: BrowserSession;
let concernId = 0;
let manualConcernId = 0;

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: run "npm run build" first');
  await smtp.start();
  consoleProc = await EnvConsoleProcess.createWithEnv({
    SAFEFLEET_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SAFEFLEET_MAIL_FROM: 'Safefleet <safefleet@charity.example.org>',
    SAFEFLEET_DSL_EMAIL: 'dsl@charity.example.org',
    SAFEFLEET_ITLEAD_EMAIL: 'it@charity.example.org',
    SAFEFLEET_DELIVERY_RETRY_BASE_MS: '200',
    SAFEFLEET_DELIVERY_RETRY_CAP_MS: '400',
    SAFEFLEET_DELIVERY_MAX_ATTEMPTS: '2',
  });
  await consoleProc.start();
  admin = await consoleProc.login();
  for (const u of [DSL, VIEWER]) {
    const res = await admin('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(u) });
    expect(res.status, await res.clone().text()).toBe(201);
    ConsoleUser.parse(await res.json());
  }
  creds = await consoleProc.enrol(HOST);
  const patched = await admin(`/api/devices/${creds.deviceId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keeper: { name: 'Priya Shah', email: 'priya@charity.example.org', role: 'Youth worker' } }),
  });
  expect(patched.status).toBe(200);
  agent = await RawAgent.connect(creds, HOST);
  dsl = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
});

afterAll(async () => {
  agent?.close();
  await closeAllBrowsers();
  await stopAll();
  await smtp.stop();
  removeTempDirs();
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe('the DSL’s screens against the real console', () => {
  it('shows a new safeguarding alert on the open alerts page without a reload', async () => {
    const { page } = dsl;
    await signIn(page, DSL.email, DSL.password);
    await nav(page).getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.getByText('Live updates on').waitFor();
    await page.getByText(/^No open alerts\./).waitFor();
    await page.getByTestId('open-alerts-badge').filter({ hasText: 'No open alerts' }).waitFor();
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

    // Now the device reports Telegram (and a password changed 80 days ago: due in 10 days).
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    await agent!.report(
      laptopFacts(HOST, {
        apps: { status: 'ok', apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' }] },
        accounts: { status: 'ok', accounts: [{ username: 'sam', isHuman: true, passwordLastSetAt: ago(80), mustChangeAtNextLogin: false }] },
      }),
    );

    const card = page.locator('article.alert', { hasText: HOST });
    await card.waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const text = (await card.textContent()) ?? '';
    for (const words of ['No social media or messaging apps', 'Priya Shah', 'Telegram', 'Safeguarding', 'New']) expect(text).toContain(words);
    await page.getByTestId('open-alerts-badge').filter({ hasText: '1 open alert' }).waitFor();
    // Who it went to, from the delivery log (the DSL's email is sent within moments).
    await card.getByText('DSL (dsl@charity.example.org) by email — Sent').waitFor({ timeout: 15_000 });
    expect(smtp.mails.some((m) => m.to.includes('dsl@charity.example.org'))).toBe(true);

    const link = card.getByRole('link', { name: /^Open concern \d+$/ });
    concernId = Number(((await link.textContent()) ?? '').replace(/\D+/g, ''));
    expect(concernId).toBeGreaterThan(0);

    // The Overview's panel has it too.
    await nav(page).getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('overview-alert-count').filter({ hasText: '1 open alert' }).waitFor();
    await page.locator('.open-alerts').getByRole('link', { name: HOST }).waitFor();
  });

  it('triages the concern, then takes it from logged to closed through the page, with a plain-words refusal when it is out of date', async () => {
    const { page } = dsl;
    // Issue 12: the alert's concern waits for triage first.
    await page.goto('/concerns');
    const triage = page.getByTestId('triage');
    await triage.getByRole('checkbox', { name: `Concern ${concernId}` }).check();
    await triage.getByRole('radio', { name: 'A safeguarding concern' }).check();
    await triage.getByLabel('Risk level').selectOption('low');
    await triage.getByRole('button', { name: /^Triage 1 selected$/ }).click();
    await triage.getByText('1 concern triaged as “A safeguarding concern”.').waitFor();
    await page.goto('/alerts');
    await page.getByRole('link', { name: `Open concern ${concernId}` }).click();
    await page.getByRole('heading', { name: `Concern ${concernId}`, level: 1 }).waitFor();
    const status = page.locator('h1 .badge').first();
    await status.filter({ hasText: 'Logged' }).waitFor();
    await page.getByRole('heading', { name: 'What Safefleet found' }).waitFor();
    await page.locator('.concern-source').getByText('Telegram').first().waitFor();

    // Step 2: assessment (refused empty, in words).
    await page.getByRole('heading', { name: 'Next step: Record assessment' }).waitFor();
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.getByText('Write your assessment.').waitFor();
    await page
      .getByLabel('Your assessment')
      .fill('Telegram found on a youth worker’s laptop. Low risk: no contact with young people seen; needs a conversation.');
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.getByText('Saved. The concern is now “Assessed”.').waitFor();
    await status.filter({ hasText: 'Assessed' }).waitFor();

    // A second tab opened now falls behind once the first records the actions.
    const behind = await dsl.context.newPage();
    await behind.goto(`/concerns/${concernId}`);
    await behind.getByRole('heading', { name: 'Next step: Record actions taken' }).waitFor();

    // Step 3: actions and a referral.
    await page.getByLabel('Actions taken', { exact: true }).fill('Spoke to Priya; Telegram removed the same day. Parents of the group informed.');
    await page.getByRole('radio', { name: 'Yes, a referral was made' }).check();
    await page.getByRole('button', { name: 'Save actions taken' }).click();
    await page.getByText('Say who the referral was made to.').waitFor();
    await page.getByLabel('Who was it made to?').fill('Local authority children’s services');
    await page.getByLabel('Their reference (if any)').fill('LA-2026-118');
    await page.getByRole('button', { name: 'Save actions taken' }).click();
    await page.getByText('Saved. The concern is now “Action taken”.').waitFor();

    await behind.getByLabel('Actions taken', { exact: true }).fill('Same step from an old tab.');
    await behind.getByRole('button', { name: 'Save actions taken' }).click();
    await behind
      .getByRole('alert')
      .getByText(/already moved on/)
      .waitFor();
    await behind.getByRole('heading', { name: 'Next step: Close the concern' }).waitFor(); // reloaded
    await behind.close();

    // Step 4: close with an outcome; then a note.
    await page.getByLabel('Outcome (optional)').fill('No further action. Reviewed with the youth work lead.');
    await page.getByRole('button', { name: 'Close the concern' }).click();
    await page.getByText('Saved. The concern is now “Closed”.').waitFor();
    await status.filter({ hasText: 'Closed' }).waitFor();
    expect(await page.getByRole('heading', { name: /^Next step/ }).count()).toBe(0);
    await page.getByLabel('Note', { exact: true }).fill('Priya confirmed by phone that the app is gone from her phone too.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Note added to the timeline.').waitFor();

    const timeline = page.getByTestId('concern-timeline').locator('li');
    await expect(timeline.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).resolves.toEqual([
      'raised',
      'triaged',
      'assessed',
      'actioned',
      'closed',
      'note',
    ]);
    const lines = await timeline.allTextContents();
    expect(lines[0]).toContain('Raised for triage by Safefleet');
    expect(lines[1]).toContain(`Triaged by ${DSL.email}`);
    expect(lines[2]).toContain(`Assessment recorded by ${DSL.email}`);
    expect(lines[3]).toContain('Referral made to Local authority children’s services (reference LA-2026-118).');
    expect(lines[4]).toContain(`Concern closed by ${DSL.email}`);
    await page.getByText('Referral made to Local authority children’s services (reference LA-2026-118)', { exact: false }).first().waitFor();

    // The printable record opens in a new tab.
    const print = page.getByRole('link', { name: /Printable record/ });
    expect(await print.getAttribute('target')).toBe('_blank');
    const [tab] = await Promise.all([page.waitForEvent('popup'), print.click()]);
    await tab.getByRole('heading', { name: `Safeguarding concern number ${concernId}` }).waitFor();
    expect(await tab.textContent('body')).toContain('CONFIDENTIAL');
    await tab.close();
  });

  it('filters the concern log, exports it as CSV, and opens a concern by hand', async () => {
    const { page } = dsl;
    await nav(page).getByRole('link', { name: 'Concerns' }).click();
    await page.getByRole('heading', { name: 'Concerns', level: 1 }).waitFor();
    await page.getByText('No open concerns.').waitFor();
    await page.getByRole('navigation', { name: 'Which concerns to show' }).getByRole('link', { name: 'Closed' }).click();
    const row = page.getByRole('row', { name: new RegExp(`Concern ${concernId}`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Closed');
    expect(await row.textContent()).toContain('Priya Shah');

    await page.getByRole('navigation', { name: 'Which concerns to show' }).getByRole('link', { name: 'All' }).click();
    // Wait for the list to re-render for "All" (reading the text at once races the click).
    await page
      .getByTestId('concern-count')
      .filter({ hasText: /^Showing all 1 concern\.$/ })
      .waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Export CSV/ }).click()]);
    const file = join(tempDir('safefleet-csv-'), download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^safefleet-concerns-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    expect(csv[0]!.slice(0, 5)).toEqual(['Number', 'Status', 'Source', 'Device', 'Keeper']);
    expect(csv.slice(1).map((r) => r.slice(0, 5))).toEqual([[String(concernId), 'Closed', 'Safefleet alert', HOST, 'Priya Shah']]);

    await page
      .getByLabel('What is the concern?')
      .fill('A parent phoned: a young person was shown a video on this laptop during the Tuesday session.');
    await page.getByLabel('Device (if it is about one)').selectOption({ label: `${HOST} — Priya Shah` });
    await page.getByRole('button', { name: 'Log the concern' }).click();
    await page.waitForURL(/\/concerns\/\d+$/);
    manualConcernId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(manualConcernId).toBeGreaterThan(concernId);
    await page.getByRole('heading', { name: 'How it was opened' }).waitFor();
    await page.getByText(`Opened by hand by ${DSL.email}`).waitFor();
    await page.getByRole('heading', { name: 'Next step: Record assessment' }).waitFor();
  });

  it('shows the device’s password due date and the reminder sent, in plain words', async () => {
    const run = PromptRunResult.parse(await (await admin('/api/password-prompts/run', { method: 'POST' })).json());
    expect(run.prompts).toBeGreaterThanOrEqual(1);
    const prompts = DevicePasswordPrompts.parse(await (await admin(`/api/password-prompts/${creds.deviceId}`)).json());
    expect(prompts.prompts[0]).toMatchObject({ username: 'sam', agent: 'sent', email: 'queued' });
    const { page } = dsl;
    await page.goto(`/devices/${creds.deviceId}`);
    await page.getByRole('heading', { name: 'Password due' }).waitFor();
    await page.getByText(/^Due on \d+ \w+ \d{4}, in (9|10) days$/).waitFor();
    await page
      .getByTestId('prompt-history')
      .getByText(/^Reminder sent to sam on \d+ \w+ \d{4} by notification and email/)
      .waitFor();
  });

  it('lets the IT lead change the email settings and retry a failed test email from the delivery log', async () => {
    const itLead = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
    const { page } = itLead;
    await signIn(page, 'admin@localhost', ADMIN_PASSWORD);
    await nav(page).getByRole('link', { name: 'Alert settings' }).click();
    await page.getByRole('heading', { name: 'Alert settings', level: 1 }).waitFor();
    await page.getByText('Values saved on this page take priority over the settings the console was started with.').waitFor();
    const email = page.locator('#email');
    await email.getByText('Set when the console was started').waitFor();
    await expect(page.getByLabel('Mail server (SMTP host)').inputValue()).resolves.toBe('127.0.0.1');

    // Point the console at a port where nothing listens, and send a test email: it fails.
    const dead = await freePort();
    await page.getByLabel('Port', { exact: true }).fill(String(dead));
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await email.getByText('Saved. Emails waiting to be sent are tried again now.').waitFor();
    await email.getByText('Set on this page').waitFor();
    await page.getByLabel('Send it to').fill('it-desk@charity.example.org');
    await page.getByRole('button', { name: 'Send a test email' }).click();
    await email.getByText(/Test email queued to it-desk@charity.example.org/).waitFor();
    const row = page.locator('#deliveries tbody tr', { hasText: 'it-desk@charity.example.org' });
    await row.getByText('Could not send').waitFor({ timeout: 20_000 });
    expect(await row.locator('.attempts li').count()).toBe(2);
    expect(await row.locator('.attempts').textContent()).toMatch(/Failed/);

    // Back to the working mail server, then "Retry now".
    await page.getByLabel('Port', { exact: true }).fill(String(smtp.port));
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await until('the working port to be saved', async () => {
      const v = NotificationSettingsView.parse(await (await admin('/api/notifications/settings')).json());
      return v.settings.smtp?.port === smtp.port;
    });
    await email.getByText('Saved. Emails waiting to be sent are tried again now.').waitFor();
    await row.getByRole('button', { name: /Retry now/ }).click();
    await row.locator('.badge', { hasText: /^✓ Sent$/ }).waitFor({ timeout: 20_000 });
    await until('the test email', async () => smtp.mails.some((m) => m.to.includes('it-desk@charity.example.org')), 10_000);

    // A Teams channel for antivirus alerts: only the webhook's origin is ever shown.
    const recipients = page.locator('#recipients');
    await recipients.getByLabel('Name', { exact: true }).fill('IT team channel');
    await recipients.getByLabel('How', { exact: true }).selectOption({ label: 'Microsoft Teams channel' });
    await recipients.getByLabel('Which alerts', { exact: true }).selectOption({ label: 'Antivirus' });
    await recipients.getByLabel('Webhook address (URL)').fill('https://example.webhook.office.com/webhookb2/very-secret-token');
    await page.getByRole('button', { name: 'Add recipient' }).click();
    await recipients.getByText('Microsoft Teams: https://example.webhook.office.com/…').waitFor();
    expect(await page.content()).not.toContain('very-secret-token');

    // The grace ladder: escalate safeguarding alerts after 1 day.
    await page.getByLabel('No social media or messaging apps: escalate after how many days').fill('1');
    await page.getByRole('button', { name: 'Save reminders and escalation' }).click();
    await page.locator('#ladder').getByText('Saved. Open alerts follow the new timings.').waitFor();

    for (const shot of await screenshotAt(page, 'alert-settings', [VIEWPORTS.laptop, VIEWPORTS.tablet])) expect(existsSync(shot)).toBe(true);
    await itLead.close();
  });

  it('shows the DSL the alert settings without edit controls', async () => {
    const { page } = dsl;
    await nav(page).getByRole('link', { name: 'Alert settings' }).click();
    await page.getByRole('heading', { name: 'Alert settings', level: 1 }).waitFor();
    await page.getByText('Escalate to the DSL and IT lead after 1 day').waitFor();
    await page.getByText('IT team channel').waitFor();
    expect(await page.getByRole('main').getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Save|Send a test email|Retry now|Remove/ }).count()).toBe(0);
    await page.locator('#deliveries tbody tr').first().waitFor();
    await screenshotAt(page, 'alert-settings-dsl', [VIEWPORTS.laptop]);
  });

  it('gives a viewer the alert redacted, no Concerns in the navigation, and 403 from the concern API', async () => {
    const viewer = await launchBrowser({ baseURL: consoleProc.url });
    const { page } = viewer;
    await signIn(page, VIEWER.email, VIEWER.password);
    expect(await nav(page).getByRole('link', { name: 'Concerns' }).count()).toBe(0);
    expect(await nav(page).getByRole('link', { name: 'Alert settings' }).count()).toBe(0);
    await nav(page).getByRole('link', { name: 'Alerts', exact: true }).click();
    const card = page.locator('article.alert', { hasText: HOST });
    await card.waitFor();
    await card.getByText('Safeguarding alert — details are visible to the DSL').waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).not.toContain('Priya Shah');
    expect(text).not.toContain('Telegram');
    expect(await card.getByRole('link', { name: /Open concern/ }).count()).toBe(0);
    await screenshotAt(page, 'alerts-viewer', [VIEWPORTS.laptop]);
    await page.goto('/concerns');
    await page.getByText('Only the DSL and the IT lead can see the safeguarding concern log.').waitFor();

    const asViewer = await consoleProc.login(VIEWER.email, VIEWER.password);
    for (const path of ['/api/concerns', '/api/concerns.csv', `/api/concerns/${concernId}`, `/api/concerns/${concernId}/print`]) {
      expect((await asViewer(path)).status, path).toBe(403);
    }
    const create = await asViewer('/api/concerns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ summary: 'x' }),
    });
    expect(create.status).toBe(403);
    await viewer.close();
  });

  it('saves screenshots of the alerts page, concerns, overview and device at laptop and tablet sizes', async () => {
    const { page } = dsl;
    const list = ConcernList.parse(await (await admin('/api/concerns')).json());
    expect(list.map((c) => c.id).sort()).toEqual([concernId, manualConcernId].sort());
    const shots: Array<[string, string, string]> = [
      ['/alerts', 'alerts', 'Alerts'],
      [`/concerns/${concernId}`, 'concern-detail', `Concern ${concernId}`],
      [`/concerns/${manualConcernId}`, 'concern-detail-logged', `Concern ${manualConcernId}`],
      ['/concerns?show=all', 'concerns', 'Concerns'],
      ['/', 'overview-dsl', 'Overview'],
      [`/devices/${creds.deviceId}`, 'device-detail-dsl', HOST],
    ];
    for (const [path, name, heading] of shots) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      for (const f of await screenshotAt(page, name, [VIEWPORTS.laptop, VIEWPORTS.tablet])) expect(existsSync(f)).toBe(true);
    }
  });
});
