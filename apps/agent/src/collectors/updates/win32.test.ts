import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdatesFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost, type FakeResult } from '../../exec/index.js';
import { powershellArgs, powershellPath } from '../../exec/powershell.js';
import { collectUpdatesWin32, UPDATES_HISTORY_SCRIPT, UPDATES_PENDING_SCRIPT, WU_SEARCH_TIMEOUT_MS } from './win32.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const PENDING = commandLine(powershellPath(), powershellArgs(UPDATES_PENDING_SCRIPT));
const HISTORY = commandLine(powershellPath(), powershellArgs(UPDATES_HISTORY_SCRIPT));
const now = new Date('2026-11-21T10:00:00Z');
const hostWith = (pending: FakeResult, history: FakeResult) =>
  createFakeHost({ platform: 'win32', commands: { [PENDING]: pending, [HISTORY]: history } });

describe('collectUpdatesWin32 (fake Windows machines)', () => {
  it('Windows 11 with a pending cumulative update: counts, first-seen dates, last install', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sf-win-updates-'));
    const host = hostWith({ stdout: fixture('updates-pending.win11-security.json') }, { stdout: fixture('updates-history.win11.json') });
    const g = await collectUpdatesWin32({ host, now, stateDir });
    expect(host.unmatched).toEqual([]);
    expect(host.calls.find((c) => c.line === PENDING)?.opts.timeoutMs).toBe(WU_SEARCH_TIMEOUT_MS);
    expect(g).toMatchObject({
      status: 'ok',
      source: 'windows-update',
      pendingCount: 3,
      securityPendingCount: 1,
      lastInstalledAt: '2024-06-12T09:44:18.000Z',
      oldestSecurityPendingSince: now.toISOString(),
    });
    expect(g.pending?.[0]).toEqual({
      name: '2024-06 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5039212)',
      version: 'KB5039212',
      security: true,
      firstSeenAt: now.toISOString(),
    });
    expect(UpdatesFacts.safeParse(g).success).toBe(true);

    // A day later the same update is still pending: it keeps its first-seen date.
    const later = await collectUpdatesWin32({ host, now: new Date('2026-11-22T10:00:00Z'), stateDir });
    expect(later.oldestSecurityPendingSince).toBe(now.toISOString());
  });

  it('the search times out: an error in words, but the last install date is kept', async () => {
    const host = hostWith({ exitCode: null, timedOut: true }, { stdout: fixture('updates-history.win11.json') });
    expect(await collectUpdatesWin32({ host, now })).toEqual({
      status: 'error',
      error: 'Windows Update did not answer within 120 s',
      source: 'windows-update',
      lastInstalledAt: '2024-06-12T09:44:18.000Z',
    });
  });

  it('the Windows Update service is disabled', async () => {
    const host = hostWith({ stdout: fixture('updates-pending.service-disabled.json') }, { stdout: fixture('updates-history.service-disabled.json') });
    expect(await collectUpdatesWin32({ host, now })).toEqual({
      status: 'error',
      error: 'Windows Update could not be searched: the Windows Update service is disabled (0x80070422)',
      source: 'windows-update',
      lastInstalledAt: null,
    });
  });

  it('nothing pending and only definitions in the history: ok, date from Get-HotFix', async () => {
    const host = hostWith({ stdout: fixture('updates-pending.none.json') }, { stdout: fixture('updates-history.win10-de-definitions-only.json') });
    expect(await collectUpdatesWin32({ host, now })).toEqual({
      status: 'ok',
      source: 'windows-update',
      pendingCount: 0,
      securityPendingCount: 0,
      lastInstalledAt: '2024-05-14T22:00:00.000Z',
      oldestSecurityPendingSince: null,
      pending: [],
    });
  });
});

it.each([
  ['UPDATES_PENDING_SCRIPT', UPDATES_PENDING_SCRIPT],
  ['UPDATES_HISTORY_SCRIPT', UPDATES_HISTORY_SCRIPT],
])('%s travels as one argument: one line, no double quotes or comments, ends in compressed JSON', (_, script) => {
  expect(script).not.toMatch(/["#\r\n]/);
  expect(script).toMatch(/ConvertTo-Json .*-Compress\s*}?$/);
});
