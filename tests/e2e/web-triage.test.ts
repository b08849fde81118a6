// Issue 12, acceptance 2 (browser): five laptops report WhatsApp, so five concerns wait for
// triage. The DSL, in headless Chromium against the real console process, selects all five and
// triages them at once as "allowed for this role" with a risk assessment. Five exceptions exist,
// each with that risk assessment, and the trustees' report counts them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConcernList, TrusteesReport, type EnrollResponse, type ExceptionRecord } from '@safefleet/protocol';
import { EnvConsoleProcess, laptopFacts, RawAgent } from '../support/alerts-console.js';
import { closeAllBrowsers, launchBrowser, screenshotAt, VIEWPORTS, type BrowserSession } from '../support/browser.js';
import { removeTempDirs, repoRoot, stopAll, until } from '../support/processes.js';

type Api = Awaited<ReturnType<EnvConsoleProcess['login']>>;
const DSL = { email: 'dana.lee@charity.example.org', password: 'dsl-password-triage', role: 'dsl' as const };
const RISK = 'Youth workers run the parents’ WhatsApp groups; the DSL reviews the groups each month and no young person is added.';

let consoleProc: EnvConsoleProcess;
let admin: Api;
const agents: RawAgent[] = [];
let dsl: BrowserSession;

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: run "npm run build" first');
  consoleProc = await EnvConsoleProcess.createWithEnv({});
  await consoleProc.start();
  admin = await consoleProc.login();
  const res = await admin('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DSL) });
  expect(res.status).toBe(201);
  for (let i = 1; i <= 5; i++) {
    const host = `yw-laptop-1${i}`;
    const creds: EnrollResponse = await consoleProc.enrol(host);
    const patched = await admin(`/api/devices/${creds.deviceId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keeper: { name: `Keeper ${i}`, email: `keeper${i}@charity.example.org`, role: 'Youth worker' } }),
    });
    expect(patched.status).toBe(200);
    const agent = await RawAgent.connect(creds, host);
    agents.push(agent);
    await agent.report(
      laptopFacts(host, { apps: { status: 'ok', apps: [{ name: 'WhatsApp', id: 'io.github.mimbrero.WhatsAppDesktop', source: 'flatpak' }] } }),
    );
  }
  await until('five concerns waiting for triage', async () => {
    const list = ConcernList.parse(await (await admin('/api/concerns?status=to-triage')).json());
    return list.length === 5 && list;
  });
  dsl = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
});

afterAll(async () => {
  for (const a of agents) a.close();
  await closeAllBrowsers();
  await stopAll();
  removeTempDirs();
});

describe('triage of five waiting concerns at once', () => {
  it('the DSL allows all five for the role; five exceptions carry the risk assessment; the report counts them', async () => {
    const { page } = dsl;
    await page.goto('/');
    await page.getByLabel('Email').fill(DSL.email);
    await page.getByLabel('Password').fill(DSL.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Concerns' }).click();

    const triage = page.getByTestId('triage');
    await triage.getByRole('heading', { name: 'Waiting for your triage (5)' }).waitFor();
    await triage.getByText('WhatsApp').first().waitFor();
    await triage.getByLabel('Select all 5').check();
    await triage.getByRole('radio', { name: 'Allowed for this role' }).check();
    await triage.getByRole('button', { name: /^Triage 5 selected$/ }).click();
    await triage.getByText('Write the risk assessment for the exception.').waitFor();
    await triage.getByLabel('Risk assessment').fill(RISK);
    await screenshotAt(page, 'triage-five-selected', [VIEWPORTS.laptop]);
    await triage.getByRole('button', { name: /^Triage 5 selected$/ }).click();
    await triage.getByText('5 concerns triaged as “Allowed for this role”; 5 exceptions created.').waitFor();

    const exceptions = (await (await admin('/api/exceptions')).json()) as ExceptionRecord[];
    expect(exceptions).toHaveLength(5);
    for (const e of exceptions) {
      expect(e).toMatchObject({
        appIds: ['whatsapp'],
        scope: { kind: 'role', role: 'Youth worker' },
        riskAssessment: RISK,
        state: 'active',
        approvedBy: DSL.email,
      });
    }
    const waiting = ConcernList.parse(await (await admin('/api/concerns?status=to-triage')).json());
    expect(waiting).toHaveLength(0);
    const closed = ConcernList.parse(await (await admin('/api/concerns?status=closed')).json());
    expect(closed.map((c) => c.triageOutcome)).toEqual(['allowed', 'allowed', 'allowed', 'allowed', 'allowed']);

    const report = TrusteesReport.parse(await (await admin('/api/report')).json());
    expect(report.concerns.triaged).toEqual({ concern: 0, allowed: 5, notConcern: 0 });
    expect(report.exceptionsInForce).toBe(5);
    expect(report.exceptions!.every((e) => e.riskAssessment === RISK)).toBe(true);
  });
});
