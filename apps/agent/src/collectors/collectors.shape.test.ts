/**
 * Shape tests on the real host: every Linux collector runs against this machine through
 * createLocalHost() and its output must parse with the protocol schema and carry an honest status.
 * Assertions that depend on what is installed check the machine first (e.g. "is dpkg here?").
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountsFacts, AntivirusFacts, AppsFacts, EncryptionFacts, Facts, OsFacts, ScreenLockFacts, UpdatesFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { createLocalHost } from '../exec/index.js';
import { collectAccountsLinux } from './accounts/linux.js';
import { collectAntivirusLinux } from './antivirus/linux.js';
import { collectAppsLinux } from './apps/linux.js';
import { collectEncryptionLinux } from './encryption/linux.js';
import { collectAll } from './index.js';
import { collectOsLinux } from './os/linux.js';
import { NO_SESSION, collectScreenLockLinux } from './screen-lock/linux.js';
import { collectUpdatesLinux } from './updates/linux.js';

// These collectors read Linux files and run Linux tools; on macOS/Windows there is nothing to check.
describe.skipIf(process.platform !== 'linux')('Linux collectors on this machine', () => {
  const host = createLocalHost();
  const ctx = { host, now: new Date() };
  const isRoot = process.getuid?.() === 0;

  it('os', async () => {
    const g = OsFacts.parse(await collectOsLinux(ctx));
    expect(g.status).toBe('ok');
    expect(g.platform).toBe('linux');
    expect(g.distro).not.toBe('');
    expect(g.kernel).toBe(readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
  });

  it('antivirus: ok, and a product only where one is installed', async () => {
    const g = AntivirusFacts.parse(await collectAntivirusLinux(ctx));
    expect(g.status).toBe('ok');
    const hasClam = (await Promise.all(['clamscan', 'clamd', 'freshclam'].map((p) => host.which(p)))).some(Boolean);
    expect(g.products.some((p) => p.name === 'ClamAV')).toBe(hasClam);
    expect(g.products.some((p) => p.name.startsWith('Microsoft Defender'))).toBe((await host.which('mdatp')) !== null);
  });

  it('updates: real apt (or dnf) answer with consistent counts and a first-seen file', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sf-shape-'));
    const g = UpdatesFacts.parse(await collectUpdatesLinux({ ...ctx, stateDir }));
    if (!(await host.which('apt')) && !(await host.which('dnf'))) return void expect(g.status).toBe('unsupported');
    expect(g.status).toBe('ok');
    expect(g.pendingCount).toBe(g.pending.length);
    expect(g.securityPendingCount).toBe(g.pending.filter((p) => p.security).length);
    expect(g.oldestSecurityPendingSince ?? null).toBe(g.securityPendingCount ? ctx.now.toISOString() : null);
    expect(existsSync(join(stateDir, 'pending-updates.json'))).toBe(true);
  });

  it('accounts: ok as root, only user-range accounts; those without a usable password say why', async () => {
    const g = AccountsFacts.parse(await collectAccountsLinux(ctx));
    expect(g.status).toBe(isRoot ? 'ok' : 'error');
    expect(g.accounts.every((a) => a.username !== 'root')).toBe(true);
    expect(g.accounts.filter((a) => !a.isHuman).every((a) => a.passwordLastSetAt === null && !!a.note)).toBe(true);
    if (/^cloudsdk:x:1000:/m.test(readFileSync('/etc/passwd', 'utf8'))) {
      expect(g.accounts.map((a) => a.username)).toContain('cloudsdk');
    }
  });

  it('apps: ok, with many dpkg packages where dpkg is the package manager', async () => {
    const g = AppsFacts.parse(await collectAppsLinux(ctx));
    expect(g.status).toBe('ok');
    if (await host.which('dpkg-query')) expect(g.apps.filter((a) => a.source === 'dpkg').length).toBeGreaterThan(100);
    expect(g.apps.find((a) => a.id === 'bash')).toBeDefined();
  });

  it('encryption: the root volume, with a yes/no or an explained unknown', async () => {
    const g = EncryptionFacts.parse(await collectEncryptionLinux(ctx));
    expect(g.status).toBe('ok');
    expect(g.volumes).toHaveLength(1);
    const [v] = g.volumes;
    expect(v).toMatchObject({ mount: '/', isSystem: true });
    if (v?.encrypted === null) expect(v.detail).toBeTruthy();
  });

  it('screen lock: ok with a desktop session, otherwise the plain "no desktop session" reason', async () => {
    const g = ScreenLockFacts.parse(await collectScreenLockLinux(ctx));
    const logind = (await host.which('loginctl')) ? await host.run('loginctl', ['list-sessions', '--no-legend']) : null;
    const busUids = existsSync('/run/user')
      ? readdirSync('/run/user').filter((n) => /^\d+$/.test(n) && Number(n) >= 1000 && existsSync(`/run/user/${n}/bus`))
      : [];
    const noSessions = logind?.exitCode === 0 ? logind.stdout.trim() === '' : busUids.length === 0;
    if (noSessions) expect(g).toEqual({ status: 'unsupported', error: NO_SESSION, users: [] });
    // Sessions exist: either people's desktops were read, or they were all terminal logins.
    else expect(g.users.length > 0 || g.error === NO_SESSION).toBe(true);
  });

  it('collectAll: a whole report that validates, in a few seconds', async () => {
    const started = Date.now();
    const facts = Facts.parse(await collectAll({ agentVersion: '0.1.0' }));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(facts.os.status).toBe('ok');
    expect(facts.apps.status).toBe('ok');
  }, 30_000);
});
