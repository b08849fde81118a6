// Issue 13 (organisations), in real Chromium against a real console process: two charities set up
// with the CLI (`org create`, `user add --org`, `token create --org`), devices enrolled through the
// real endpoint with each organisation's enrolment string and reporting over real WebSockets.
//
// A provider (looks after both) sees the Organisations overview with each charity's counts (the same
// figures the API answers), opens the second charity and sees its devices only, live; cannot reach
// the concern log; a switch made in another tab of the same session reconnects this tab's live
// socket (close 4409) and reloads it in the new organisation instead of signing it out; adds an
// organisation; may give the provider role. A DSL of the first charity only, and the first-start IT
// lead of the console's first organisation, see nothing new: no switcher, no Organisations page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ProviderOverview, USER_ROLE_LABELS, AlertList, type EnrollResponse, type FactsInput } from '@safefleet/protocol';
import { laptopFacts, RawAgent } from '../support/alerts-console.js';
import { closeAllBrowsers, launchBrowser, screenshotAt, VIEWPORTS, type BrowserSession } from '../support/browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../support/console.js';
import { removeTempDirs, repoRoot, run, serverBin, stopAll } from '../support/processes.js';

const ORG_A = 'Riverside Youth Club';
const ORG_B = 'Hillside Food Bank';
const PROVIDER = { email: 'pat@helpdesk.example.org', password: 'provider-password-e2e' };
const DSL_A = { email: 'dana@riverside.example.org', password: 'dsl-password-e2e' };
const VIEWER_B = { email: 'sam@hillside.example.org', password: 'viewer-password-e2e' };
const A_HOSTS = ['riverside-laptop-1', 'riverside-laptop-2'];
const B_HOST = 'hillside-laptop-1';
const B_LATE_HOST = 'hillside-laptop-2';

let consoleProc: ConsoleProcess;
let orgA = 0;
let orgB = 0;
const agents: RawAgent[] = [];
let provider: BrowserSession;

async function cli(args: string[], input?: string): Promise<string> {
  const r = await run(serverBin, [...args, '--data', consoleProc.dataDir], input);
  if (r.code !== 0) throw new Error(`safefleet-server ${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r.stdout.trim();
}

/** The new organisation's id, which `org create` prints. */
async function createOrganisation(name: string, extra: string[] = []): Promise<number> {
  const out = await cli(['org', 'create', '--name', name, ...extra]);
  const id = Number(/(\d+)\s*$/.exec(out)?.[1]);
  if (!Number.isInteger(id) || id < 1) throw new Error(`org create printed no id: ${out}`);
  return id;
}

/** Enrols a device with an enrolment string of `org` (through the real endpoint) and sends one report. */
async function enrolAndReport(org: number, hostname: string, patch: Partial<FactsInput> = {}): Promise<EnrollResponse> {
  const enrolment = await cli(['token', 'create', '--org', String(org), '--url', consoleProc.url]);
  const payload = JSON.parse(Buffer.from(enrolment.slice('SFE1.'.length), 'base64url').toString()) as {
    token: string;
    organisation?: { id: number };
  };
  expect(payload.organisation?.id, 'the enrolment string carries its organisation').toBe(org);
  const res = await fetch(`${consoleProc.url}/agent/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: payload.token, hostname, platform: 'linux', agentVersion: 'e2e' }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const creds = (await res.json()) as EnrollResponse;
  const agent = await RawAgent.connect(creds, hostname);
  agents.push(agent);
  await agent.report(laptopFacts(hostname, patch));
  return creds;
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

const switcher = (page: Page) => page.getByRole('button', { name: /^Organisation\b/ });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** A fetch with the browser's cookies: the same session the page uses. */
async function asBrowser(session: BrowserSession, path: string): Promise<Response> {
  const cookie = (await session.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  return fetch(`${consoleProc.url}${path}`, { headers: { cookie } });
}

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: run "npm run build" first');
  consoleProc = await ConsoleProcess.create();
  await consoleProc.start();
}, 60_000);

afterAll(async () => {
  for (const a of agents) a.close();
  await closeAllBrowsers();
  await stopAll();
  removeTempDirs();
});

/** Two charities with the CLI, their devices enrolled and reporting, one concern in the first. */
async function setUpTwoCharities(): Promise<void> {
  orgA = await createOrganisation(ORG_A);
  await cli(['user', 'add', '--email', PROVIDER.email, '--role', 'provider', '--org', String(orgA), '--password-stdin'], PROVIDER.password);
  orgB = await createOrganisation(ORG_B, ['--provider', PROVIDER.email]);
  await cli(['user', 'add', '--email', DSL_A.email, '--role', 'dsl', '--org', String(orgA), '--password-stdin'], DSL_A.password);
  await cli(['user', 'add', '--email', VIEWER_B.email, '--role', 'viewer', '--org', String(orgB), '--password-stdin'], VIEWER_B.password);
  expect(orgB).toBeGreaterThan(orgA);

  for (const host of A_HOSTS) await enrolAndReport(orgA, host);
  // Hillside's one laptop is not encrypted: not compliant.
  await enrolAndReport(orgB, B_HOST, { encryption: { status: 'ok', volumes: [{ mount: '/', encrypted: false, isSystem: true }] } });

  // Riverside's DSL logs one concern by hand: the provider sees it as a number only.
  const dsl = await consoleProc.login(DSL_A.email, DSL_A.password);
  const concern = await dsl('/api/concerns', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ summary: 'A young person said an adult messaged them on a club laptop.' }),
  });
  expect(concern.status, await concern.clone().text()).toBe(201);

  provider = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
}

describe('a console with one organisation (Chromium)', () => {
  it('one organisation: the first-start IT lead sees no switcher, no Organisations page and no provider role to give', async () => {
    const admin = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
    const { page } = admin;
    await signIn(page, 'admin@localhost', ADMIN_PASSWORD);
    await nav(page).getByRole('link', { name: 'Users', exact: true }).waitFor();
    expect(await switcher(page).count()).toBe(0);
    expect(await nav(page).getByRole('link', { name: 'Organisations', exact: true }).count()).toBe(0);
    await page.goto('/users');
    const roles = page.getByLabel('Role', { exact: true });
    await roles.waitFor();
    const options = await roles.locator('option').allTextContents();
    expect(options).toContain(USER_ROLE_LABELS.admin);
    expect(options).not.toContain(USER_ROLE_LABELS.provider);
    await admin.close();
  });
});

describe('organisations in the web console (Chromium)', () => {
  beforeAll(setUpTwoCharities, 180_000);

  it("the provider's overview shows each charity's counts, as the API answers them", async () => {
    const { page } = provider;
    await signIn(page, PROVIDER.email, PROVIDER.password);
    // Signed in to the first organisation they belong to.
    await expect.poll(() => switcher(page).textContent()).toContain(ORG_A);
    await nav(page).getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor();

    const res = await asBrowser(provider, '/api/provider/overview');
    expect(res.status).toBe(200);
    const overview = ProviderOverview.parse(await res.json());
    const a = overview.organisations.find((o) => o.id === orgA);
    const b = overview.organisations.find((o) => o.id === orgB);
    expect(a).toMatchObject({ name: ORG_A, devices: 2, compliant: 2, compliancePercent: 100, openConcerns: 1 });
    expect(b).toMatchObject({ name: ORG_B, devices: 1, compliant: 0, compliancePercent: 0, openConcerns: 0 });
    // Only where they are provider: not the console's first organisation.
    expect(overview.organisations.map((o) => o.id).sort()).toEqual([orgA, orgB].sort());

    const table = page.getByRole('table');
    const rowOf = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
    const cells = async (name: string) => (await rowOf(name).getByRole('cell').allTextContents()).map((t) => t.trim());
    await rowOf(ORG_B).waitFor();
    // Devices, Compliant, Open alerts, Open concerns, Last report, Open.
    const rowA = await cells(ORG_A);
    const rowB = await cells(ORG_B);
    expect(rowA.slice(0, 4)).toEqual(['2', '100%', String(a?.openAlerts), '1']);
    expect(rowB.slice(0, 4)).toEqual(['1', '0%', String(b?.openAlerts), '0']);
    expect(rowA[4]).toMatch(/^(just now|\d+ minutes? ago)$/);
    expect(rowB[4]).toMatch(/^(just now|\d+ minutes? ago)$/);
    await screenshotAt(page, 'organisations-overview');
  });

  it('"Open" switches to the other charity: its devices only, its open alerts, live updates from its agents', async () => {
    const { page } = provider;
    await page.getByRole('button', { name: `Open ${ORG_B}` }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await expect.poll(() => switcher(page).textContent()).toContain(ORG_B);
    await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();

    await nav(page).getByRole('link', { name: 'Devices', exact: true }).click();
    await page.getByRole('link', { name: B_HOST }).waitFor();
    for (const host of A_HOSTS) expect(await page.getByRole('link', { name: host }).count(), host).toBe(0);

    // The overview's open alerts for Hillside are the alerts Hillside's own list has open.
    const overview = ProviderOverview.parse(await (await asBrowser(provider, '/api/provider/overview')).json());
    const alerts = AlertList.parse(await (await asBrowser(provider, '/api/alerts?status=open')).json());
    expect(overview.organisations.find((o) => o.id === orgB)?.openAlerts).toBe(alerts.length);

    // The live socket now belongs to Hillside: a laptop enrolled there appears without a reload.
    await enrolAndReport(orgB, B_LATE_HOST);
    await page.getByRole('link', { name: B_LATE_HOST }).waitFor();
  });

  it('the provider cannot reach the concern log: no nav entry, a plain refusal on the page, 403 from the API', async () => {
    const { page } = provider;
    await nav(page).getByRole('link', { name: 'Devices', exact: true }).waitFor();
    expect(await nav(page).getByRole('link', { name: 'Concerns', exact: true }).count()).toBe(0);
    await page.goto('/concerns');
    await page.getByText('Only the DSL and the IT lead can see the safeguarding concern log.').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect((await asBrowser(provider, '/api/concerns')).status).toBe(403);
  });

  it('a switch made in another tab closes this tab’s live socket (4409): it reconnects and reloads in the new organisation, still signed in', async () => {
    const { page, context } = provider;
    await page.goto('/devices');
    await page.getByRole('link', { name: B_HOST }).waitFor();
    const other = await context.newPage();
    await other.goto('/');
    await switcher(other).click();
    await other.getByRole('button', { name: new RegExp(`^${ORG_A}`) }).click();
    await expect.poll(() => switcher(other).textContent()).toContain(ORG_A);
    await other.close();

    // This tab was not touched: the console's close of its socket brings it to Riverside.
    await expect.poll(() => switcher(page).textContent(), { timeout: 20_000 }).toContain(ORG_A);
    await page.getByRole('link', { name: A_HOSTS[0] }).waitFor();
    expect(await page.getByRole('link', { name: B_HOST }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();
  });

  it('the provider adds an organisation, which appears in the table and the switcher', async () => {
    const { page } = provider;
    await nav(page).getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.getByLabel('Name').fill('Meadow Scouts');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Meadow Scouts.' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Meadow Scouts/ }) });
    await row.waitFor();
    expect((await row.getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['0', 'No devices yet']);
    await switcher(page).click();
    await page.getByRole('button', { name: /^Meadow Scouts/ }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('the provider may give the provider role on the Users page, and add a person of another organisation to this one', async () => {
    const { page } = provider;
    await nav(page).getByRole('link', { name: 'Users', exact: true }).click();
    const roles = page.getByLabel('Role', { exact: true });
    await roles.waitFor();
    expect(await roles.locator('option').allTextContents()).toContain(USER_ROLE_LABELS.provider);

    // Someone who already signs in for another organisation the provider looks after joins this one
    // with no new password.
    await page.getByLabel('Email').fill(VIEWER_B.email);
    await roles.selectOption('viewer');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Added ${VIEWER_B.email} to ${ORG_A}.` })
      .waitFor();
    await page.getByRole('rowheader', { name: new RegExp(`^${VIEWER_B.email.replace(/\./g, '\\.')}`) }).waitFor();
  });

  it("Riverside's DSL (one organisation) sees no switcher and no Organisations page, and keeps the concern log", async () => {
    const dsl = await launchBrowser({ baseURL: consoleProc.url, viewport: VIEWPORTS.laptop });
    const { page } = dsl;
    await signIn(page, DSL_A.email, DSL_A.password);
    await nav(page).getByRole('link', { name: 'Concerns', exact: true }).waitFor();
    expect(await switcher(page).count()).toBe(0);
    expect(await nav(page).getByRole('link', { name: 'Organisations', exact: true }).count()).toBe(0);
    await page.goto('/organisations');
    await page.getByText(/Only a provider/).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect((await asBrowser(dsl, '/api/provider/overview')).status).toBe(403);
    await page.goto('/devices');
    await page.getByRole('link', { name: A_HOSTS[0] }).waitFor();
    expect(await page.getByRole('link', { name: B_HOST }).count()).toBe(0);
    await dsl.close();
  });
});
