import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UpdatesFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost, type FakeHostSpec } from '../../exec/index.js';
import { FIRST_SEEN_FILE } from './first-seen.js';
import { APT_ARGS, collectUpdatesLinux, DNF_CHECK_ARGS, DNF_SECURITY_ARGS, RPM_INSTALLTIME_ARGS } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const APT = commandLine('apt', APT_ARGS);
const LISTS = { '/var/lib/apt/lists': ['deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', 'lock'] };
const aptHost = (stdout: string, extra: FakeHostSpec = {}) =>
  createFakeHost({
    commands: { [APT]: { stdout, stderr: fixture('apt-list-upgradable.stderr.txt') } },
    dirs: LISTS,
    files: { '/var/log/apt/history.log': fixture('apt-history.mixed.log') },
    ...extra,
  });

describe('collectUpdatesLinux with apt', () => {
  it('counts pending and security updates and keeps first-seen dates across runs', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sf-updates-'));
    const t1 = new Date('2026-11-01T09:00:00.000Z');
    const first = await collectUpdatesLinux({ host: aptHost(fixture('apt-list-upgradable.ubuntu-security.txt')), now: t1, stateDir });
    expect(first).toMatchObject({
      status: 'ok',
      source: 'apt',
      pendingCount: 4,
      securityPendingCount: 3,
      oldestSecurityPendingSince: t1.toISOString(),
    });
    expect(first.lastInstalledAt).toBe(new Date(2024, 8, 13, 8, 1, 19).toISOString());
    expect(UpdatesFacts.safeParse(first).success).toBe(true);

    // Later: openssl still pending, libssl3 installed, a new one appears.
    const later =
      'Listing...\nopenssl/jammy-updates,jammy-security 3.0.2-0ubuntu1.18 amd64 [upgradable from: 3.0.2-0ubuntu1.15]\n' +
      'curl/jammy-security 7.81.0-1ubuntu1.18 amd64 [upgradable from: 7.81.0-1ubuntu1.17]\n';
    const t2 = new Date('2026-11-20T09:00:00.000Z');
    const second = await collectUpdatesLinux({ host: aptHost(later), now: t2, stateDir });
    expect(second.pending).toEqual([
      { name: 'openssl', version: '3.0.2-0ubuntu1.18', security: true, firstSeenAt: t1.toISOString() },
      { name: 'curl', version: '7.81.0-1ubuntu1.18', security: true, firstSeenAt: t2.toISOString() },
    ]);
    expect(second.oldestSecurityPendingSince).toBe(t1.toISOString());
    expect(JSON.parse(readFileSync(join(stateDir, FIRST_SEEN_FILE), 'utf8'))).toEqual({
      'curl 7.81.0-1ubuntu1.18': t2.toISOString(),
      'openssl 3.0.2-0ubuntu1.18': t1.toISOString(),
    });
  });

  it('without a state dir, first seen is this collection; nothing pending → oldest is null', async () => {
    const now = new Date('2026-11-21T10:00:00.000Z');
    const r = await collectUpdatesLinux({ host: aptHost(fixture('apt-list-upgradable.none.txt')), now });
    expect(r).toMatchObject({ status: 'ok', pendingCount: 0, securityPendingCount: 0, oldestSecurityPendingSince: null, pending: [] });
  });

  it('apt failing is an error in plain words (the last install date is still given)', async () => {
    const host = aptHost('', { commands: { [APT]: { exitCode: 100, stderr: 'E: Could not open lock file /var/lib/dpkg/lock-frontend\n' } } });
    const r = await collectUpdatesLinux({ host, now: new Date() });
    expect(r).toMatchObject({
      status: 'error',
      error: 'apt list --upgradable exited with code 100: E: Could not open lock file /var/lib/dpkg/lock-frontend',
      source: 'apt',
    });
    expect(r.lastInstalledAt).not.toBeNull();
  });

  it('no package lists at all (apt-get update never ran) is an error, not "0 pending"', async () => {
    const host = aptHost('Listing...\n', { dirs: { '/var/lib/apt/lists': ['lock', 'partial'] } });
    const r = await collectUpdatesLinux({ host, now: new Date() });
    expect(r).toMatchObject({
      status: 'error',
      error: 'apt has no package lists yet (apt-get update has never run), so pending updates cannot be known',
    });
  });

  it('reads the rotated history.log.1.gz when the current log has no upgrade', async () => {
    const host = aptHost('Listing...\n', {
      files: {
        '/var/log/apt/history.log': fixture('apt-history.install-only.log'),
        '/var/log/apt/history.log.1.gz': gzipSync(fixture('apt-history.mixed.log')),
      },
    });
    const r = await collectUpdatesLinux({ host, now: new Date() });
    expect(r.lastInstalledAt).toBe(new Date(2024, 8, 13, 8, 1, 19).toISOString());
  });
});

describe('collectUpdatesLinux with dnf', () => {
  it('exit 100 = updates; security names from updateinfo; last install from rpm', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('dnf', DNF_CHECK_ARGS)]: { exitCode: 100, stdout: fixture('dnf-check-update.fedora40.txt') },
        [commandLine('dnf', DNF_SECURITY_ARGS)]: { stdout: fixture('dnf-updateinfo-security.dnf4.txt') },
        [commandLine('rpm', RPM_INSTALLTIME_ARGS)]: { stdout: fixture('rpm-qa-installtime.txt') },
      },
    });
    const r = await collectUpdatesLinux({ host, now: new Date('2026-11-21T10:00:00Z') });
    expect(r).toMatchObject({ status: 'ok', source: 'dnf', pendingCount: 6, securityPendingCount: 3, lastInstalledAt: '2024-09-20T11:00:00.000Z' });
    expect(r.pending?.slice(0, 3).map((p) => p.name)).toEqual(['kernel', 'kernel-core', 'curl']);
  });

  it('dnf5 advisory layout; exit 0 with nothing pending is 0, not unknown', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('dnf', DNF_CHECK_ARGS)]: { exitCode: 100, stdout: fixture('dnf-check-update.fedora40.txt') },
        [commandLine('dnf', DNF_SECURITY_ARGS)]: { stdout: fixture('dnf-updateinfo-security.dnf5.txt') },
        [commandLine('rpm', RPM_INSTALLTIME_ARGS)]: { stdout: fixture('rpm-qa-installtime.txt') },
      },
    });
    expect(await collectUpdatesLinux({ host, now: new Date() })).toMatchObject({ status: 'ok', pendingCount: 6, securityPendingCount: 1 });

    const none = createFakeHost({
      commands: {
        [commandLine('dnf', DNF_CHECK_ARGS)]: { exitCode: 0, stdout: '' },
        [commandLine('dnf', DNF_SECURITY_ARGS)]: { exitCode: 1, stderr: 'Error: Unknown argument "updateinfo"\n' },
        [commandLine('rpm', RPM_INSTALLTIME_ARGS)]: { stdout: fixture('rpm-qa-installtime.txt') },
      },
    });
    expect(await collectUpdatesLinux({ host: none, now: new Date() })).toMatchObject({ status: 'ok', pendingCount: 0, securityPendingCount: 0 });
  });

  it('updates pending but the advisory list fails: security count unknown (null), with the reason', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('dnf', DNF_CHECK_ARGS)]: { exitCode: 100, stdout: fixture('dnf-check-update.fedora40.txt') },
        [commandLine('dnf', DNF_SECURITY_ARGS)]: { exitCode: 1, stderr: 'Error: Unknown argument "updateinfo"\n' },
        [commandLine('rpm', RPM_INSTALLTIME_ARGS)]: { stdout: fixture('rpm-qa-installtime.txt') },
      },
    });
    const r = await collectUpdatesLinux({ host, now: new Date() });
    expect(r).toMatchObject({
      status: 'ok',
      pendingCount: 6,
      securityPendingCount: null,
      oldestSecurityPendingSince: null,
      error:
        'Which pending updates are security updates is not known: dnf updateinfo --security exited with code 1: Error: Unknown argument "updateinfo"',
    });
    expect(UpdatesFacts.safeParse(r).success).toBe(true);
  });

  it('exit 1 is an error', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('dnf', DNF_CHECK_ARGS)]: { exitCode: 1, stderr: fixture('dnf-check-update.no-cache.stderr.txt') },
        [commandLine('dnf', DNF_SECURITY_ARGS)]: { exitCode: 1 },
        [commandLine('rpm', RPM_INSTALLTIME_ARGS)]: { stdout: '' },
      },
    });
    expect(await collectUpdatesLinux({ host, now: new Date() })).toEqual({
      status: 'error',
      error: "dnf check-update exited with code 1: Error: Cache-only enabled but no cache for 'fedora'",
      source: 'dnf',
      lastInstalledAt: null,
    });
  });
});

describe('collectUpdatesLinux state file trouble', () => {
  it('an unwritable state dir does not spoil the facts; the problem is reported', async () => {
    const host = createFakeHost({ commands: { [APT]: { stdout: fixture('apt-list-upgradable.ubuntu-security.txt') } }, dirs: LISTS });
    const file = join(mkdtempSync(join(tmpdir(), 'sf-updates-')), 'a-file');
    writeFileSync(file, 'not a directory');
    const r = await collectUpdatesLinux({ host, now: new Date(), stateDir: join(file, 'state') });
    expect(r).toMatchObject({ status: 'ok', pendingCount: 4 });
    expect(r.error).toMatch(/^Pending updates were read, but their first-seen dates could not be saved: /);
  });
});
