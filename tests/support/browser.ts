import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './processes.js';

/** Debian's Chromium; playwright-core never downloads a browser. Override with SAFEFLEET_CHROMIUM. */
export const CHROMIUM_PATH = process.env.SAFEFLEET_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, reproducible headless run (no sandbox: tests may run as root in CI). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  tablet: { width: 820, height: 1180 },
} as const;
export type Viewport = { width: number; height: number };

/** Where screenshots go (gitignored). */
export const TEST_OUTPUT = join(repoRoot, 'tests/test-output');

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  userDataDir: string;
  /** Console messages reporting a Content-Security-Policy violation, from every page of this context. */
  cspViolations: string[];
  close(): Promise<void>;
}

const open = new Set<BrowserSession>();

/**
 * Launches Chromium with a fresh profile in a temp dir (so no cookie or cache leaks between tests)
 * and one page. `baseURL` makes page.goto('/devices') work.
 */
export async function launchBrowser(options: { viewport?: Viewport; baseURL?: string } = {}): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'safefleet-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? VIEWPORTS.laptop,
    acceptDownloads: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const cspViolations: string[] = [];
  const watch = (p: Page) =>
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  watch(page);
  context.on('page', watch);
  const session: BrowserSession = {
    context,
    page,
    userDataDir,
    cspViolations,
    async close() {
      open.delete(session);
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  open.add(session);
  return session;
}

/** Closes every browser this process launched and removes their profiles (for afterAll). */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.all([...open].map((s) => s.close()));
}

/**
 * Saves a full-page screenshot as tests/test-output/<name>-<w>x<h>.png at the page's current
 * viewport, and returns the path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  const vp = page.viewportSize() ?? VIEWPORTS.laptop;
  const path = join(TEST_OUTPUT, `${name}-${vp.width}x${vp.height}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Screenshots the same page at each viewport (resizing the page, then restoring it). */
export async function screenshotAt(page: Page, name: string, viewports: Viewport[] = Object.values(VIEWPORTS)): Promise<string[]> {
  const before = page.viewportSize();
  const paths: string[] = [];
  for (const vp of viewports) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(150);
    paths.push(await screenshot(page, name));
  }
  if (before) await page.setViewportSize(before);
  return paths;
}
