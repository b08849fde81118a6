import { mkdtempSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdatesFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../registry.js';
import { commandLine, createFakeHost, type FakeHostSpec } from '../../exec/index.js';
import { collectUpdatesDarwin, INSTALL_HISTORY_PLIST, SW_VERS_VERSION_ARGS, SWU_HISTORY_ARGS, SWU_LIST_ARGS, SWU_LIST_TIMEOUT_MS } from './darwin.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
const LIST = commandLine('softwareupdate', SWU_LIST_ARGS);
const VERSION = commandLine('sw_vers', SW_VERS_VERSION_ARGS);
const sonoma = (list: FakeHostSpec['commands'] = {}): FakeHostSpec => ({
  platform: 'darwin',
  commands: { [VERSION]: { stdout: '14.6.1\n' }, [LIST]: { stdout: fixture('softwareupdate-l.sonoma-14.6.1.txt') }, ...list },
  files: { [INSTALL_HISTORY_PLIST]: fixture('InstallHistory.sonoma-14.6.1.plist') },
});

describe('collectUpdatesDarwin (fake Macs)', () => {
  it('macOS 14: one security update of three, dated installs from InstallHistory.plist, first-seen kept across runs', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sf-mac-upd-'));
    const host = createFakeHost(sonoma());
    const r = await collectUpdatesDarwin({ host, now, stateDir });
    expect(r).toMatchObject({
      status: 'ok',
      source: 'softwareupdate',
      pendingCount: 3,
      securityPendingCount: 1,
      lastInstalledAt: '2024-08-19T17:30:02.000Z',
      oldestSecurityPendingSince: now.toISOString(),
    });
    expect(r.pending?.[0]).toEqual({ name: 'macOS Sonoma 14.7.1', version: '14.7.1', security: true, firstSeenAt: now.toISOString() });
    expect(UpdatesFacts.safeParse(r).success).toBe(true);
    expect(host.calls.find((c) => c.line === LIST)?.opts.timeoutMs).toBe(SWU_LIST_TIMEOUT_MS);
    expect(host.calls.some((c) => c.line === commandLine('softwareupdate', SWU_HISTORY_ARGS))).toBe(false);

    const later = new Date('2026-11-28T10:00:00Z');
    const again = await collectUpdatesDarwin({ host: createFakeHost(sonoma()), now: later, stateDir });
    expect(again.oldestSecurityPendingSince).toBe(now.toISOString());
  });

  it('macOS 15 up to date: "No new software available." on stderr; last install from --history when the plist is missing', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        [VERSION]: { stdout: '15.3\n' },
        [LIST]: { stdout: fixture('softwareupdate-l.none.stdout.txt'), stderr: fixture('softwareupdate-l.none.stderr.txt') },
        [commandLine('softwareupdate', SWU_HISTORY_ARGS)]: { stdout: fixture('softwareupdate-history.us.txt') },
      },
    });
    expect(await collectUpdatesDarwin({ host, now })).toEqual({
      status: 'ok',
      source: 'softwareupdate',
      pendingCount: 0,
      securityPendingCount: 0,
      lastInstalledAt: new Date(2024, 7, 19, 18, 30, 2).toISOString(),
      oldestSecurityPendingSince: null,
      pending: [],
    });
  });

  it('a history in an unreadable date order leaves the date null and says why', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        [VERSION]: { stdout: '14.6.1\n' },
        [LIST]: { stderr: 'No new software available.\n' },
        [commandLine('softwareupdate', SWU_HISTORY_ARGS)]: { stdout: fixture('softwareupdate-history.ambiguous.txt') },
      },
    });
    const r = await collectUpdatesDarwin({ host, now });
    expect(r).toMatchObject({ status: 'ok', lastInstalledAt: null, error: expect.stringMatching(/day\/month or month\/day/) });
  });

  it('softwareupdate -l timing out is an error that keeps the last install date', async () => {
    const host = createFakeHost(sonoma({ [LIST]: { exitCode: null, timedOut: true } }));
    expect(await collectUpdatesDarwin({ host, now })).toEqual({
      status: 'error',
      source: 'softwareupdate',
      lastInstalledAt: '2024-08-19T17:30:02.000Z',
      error: "softwareupdate -l took longer than 120 s and was stopped (Apple's update server may be unreachable)",
    });
  });

  it('an answer that is not a list is an error, not "nothing pending"', async () => {
    const host = createFakeHost(sonoma({ [LIST]: { stdout: fixture('softwareupdate-l.no-answer.stdout.txt') } }));
    expect(await collectUpdatesDarwin({ host, now })).toMatchObject({ status: 'error', error: 'softwareupdate -l printed nothing' });
  });
});

describe('registry', () => {
  it('collectUpdatesDarwin is the macOS entry for updates', () => {
    expect(REGISTRY.updates.darwin).toBe(collectUpdatesDarwin);
  });
});
