// Acceptance (issue 10, point 4): with 3,000 open alerts the console shows 3,000 — in the header, on
// the alerts page and in the API — and its pages walk through them. Real console process, headless
// Chromium; the alerts are seeded straight into the database before the console starts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AlertPage } from '@safefleet/protocol';
import { databaseFile, openDatabase } from '@safefleet/server';
import { closeAllBrowsers, launchBrowser, VIEWPORTS, type BrowserSession } from '../support/browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../support/console.js';
import { removeTempDirs, repoRoot, stopAll } from '../support/processes.js';

const OPEN = 3_000;
let consoleProc: ConsoleProcess;
let browser: BrowserSession;

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: run "npm run build" first');
  consoleProc = await ConsoleProcess.create();
  const database = openDatabase(databaseFile(consoleProc.dataDir));
  try {
    const db = database.sqlite;
    const device = db.prepare(`INSERT INTO devices (id, hostname, platform, secret_hash, enrolled_at) VALUES (?, ?, 'linux', 'x', ?)`);
    const alert = db.prepare(
      `INSERT INTO alerts (id, device_id, control, category, status, reason, resolution, opened_at, updated_at)
       VALUES (?, ?, ?, 'technical', 'open', 'Updates are waiting.', 'Install them.', ?, ?)`,
    );
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < OPEN / 3; i++) {
        const id = randomUUID();
        device.run(id, `laptop-${String(i).padStart(4, '0')}`, new Date(now).toISOString());
        ['os-updates', 'disk-encryption', 'screen-lock'].forEach((control, k) => {
          const at = new Date(now - (i * 3 + k) * 60_000).toISOString();
          alert.run(randomUUID(), id, control, at, at);
        });
      }
    })();
  } finally {
    database.close();
  }
  await consoleProc.start();
  browser = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
}, 120_000);

afterAll(async () => {
  await closeAllBrowsers();
  await stopAll();
  removeTempDirs();
});

describe('3,000 open alerts', () => {
  it('the API gives the true total and its pages cover every alert once', async () => {
    const api = await consoleProc.login();
    const ids = new Set<string>();
    for (let offset = 0; offset < OPEN; offset += 500) {
      const page = AlertPage.parse(await (await api(`/api/alerts/page?status=open&limit=500&offset=${offset}`)).json());
      expect(page.total).toBe(OPEN);
      for (const a of page.items) ids.add(a.id);
    }
    expect(ids.size).toBe(OPEN);
  });

  it('the header, the overview and the alerts page say 3,000 and page through them', async () => {
    const { page } = browser;
    await page.goto('/');
    await page.getByLabel('Email').fill('admin@localhost');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const badge = page.getByTestId('open-alerts-badge');
    await badge.getByText(`${OPEN} open alerts`).waitFor({ timeout: 30_000 });
    await page.getByTestId('overview-alert-count').getByText(`${OPEN} open alerts`).waitFor();

    await badge.click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    expect(await page.getByTestId('open-alert-count').textContent()).toBe(`(${OPEN})`);
    const pager = page.getByTestId('open-alert-page');
    expect(await pager.textContent()).toBe(`1–50 of ${OPEN}`);
    const list = page.locator('section[aria-labelledby="open-alerts-title"] ul.alerts > li');
    expect(await list.count()).toBe(50);
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await pager.textContent()).toBe(`51–100 of ${OPEN}`);
    expect(await list.count()).toBe(50);
  });
});
