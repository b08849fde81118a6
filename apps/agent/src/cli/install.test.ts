// `install` / `uninstall` into a --prefix folder, enrolling against a real console on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../transport/fixtures/reports.js';
import { TestConsole } from './fixtures/console-process.js';
import { AGENT_DIR, runCli } from './fixtures/spawn-cli.js';

const UNIT = 'etc/systemd/system/safefleet-agent.service';
const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
const mode = (p: string) => statSync(p).mode & 0o777;

describe('install / uninstall --prefix (real console)', { timeout: 300_000 }, () => {
  let console_: TestConsole;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    console_ = await TestConsole.start();
  }, 300_000);
  afterAll(async () => {
    await console_?.stop();
    await cleanup?.();
  });

  it('Linux: enrols into <prefix>/var/lib/safefleet-agent (0700) and writes a unit that systemd accepts', async () => {
    const prefix = join(dir, 'linux');
    const r = await runCli(['install', '--enroll', await console_.enrolmentString(), '--prefix', prefix, '--platform', 'linux']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Enrolled as device \S+ with http:\/\/127\.0\.0\.1:\d+\.\nWrote .*safefleet-agent\.service\nState in .*Nothing was started/,
    );
    const state = join(prefix, 'var/lib/safefleet-agent');
    expect(mode(state)).toBe(0o700);
    const enrolment = JSON.parse(readFileSync(join(state, 'enrolment.json'), 'utf8')) as { url: string; deviceId: string };
    expect(enrolment.url).toBe(console_.url);
    expect(mode(join(state, 'enrolment.json'))).toBe(0o600);
    const unit = readFileSync(join(prefix, UNIT), 'utf8');
    expect(mode(join(prefix, UNIT))).toBe(0o644);
    expect(unit).toContain(
      `ExecStart=${process.execPath} --lite-mode --no-expose-wasm --max-semi-space-size=1 --v8-pool-size=0 ${join(AGENT_DIR, 'bin', 'safefleet-agent.js')} run --state /var/lib/safefleet-agent\n`,
    );

    if (systemdAnalyze) {
      // Exit 0 and nothing on stderr: systemd parsed every setting and found node executable.
      const out = execFileSync(systemdAnalyze, ['verify', join(prefix, UNIT)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toBe('');
    } else {
      console.warn('systemd-analyze is not installed: the unit was not verified (apt package: systemd)');
    }

    // Installing again keeps the identity and does not need (or spend) a token.
    const again = await runCli(['install', '--prefix', prefix, '--platform', 'linux']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Already enrolled as device ${enrolment.deviceId}`);

    const un = await runCli(['uninstall', '--prefix', prefix, '--platform', 'linux']);
    expect(un.code).toBe(0);
    expect(un.stdout).toContain(`Removed ${join(prefix, UNIT)}`);
    expect(existsSync(join(prefix, UNIT))).toBe(false);
    expect(existsSync(join(state, 'enrolment.json'))).toBe(true);
    expect(un.stdout).toContain('add --purge to delete it');

    const purge = await runCli(['uninstall', '--prefix', prefix, '--platform', 'linux', '--purge']);
    expect(purge.stdout).toContain(`Removed ${state}`);
    expect(existsSync(state)).toBe(false);
  });

  it('macOS: a launchd plist and the state folder, generated here with --platform darwin', async () => {
    const prefix = join(dir, 'mac');
    const r = await runCli(['install', '--enroll', await console_.enrolmentString(), '--prefix', prefix, '--platform', 'darwin']);
    expect(r.code, r.stderr).toBe(0);
    const plist = readFileSync(join(prefix, 'Library/LaunchDaemons/org.safefleet.agent.plist'), 'utf8');
    expect(plist).toContain('<string>/Library/Application Support/Safefleet</string>');
    expect(mode(join(prefix, 'Library/Application Support/Safefleet'))).toBe(0o700);
    expect(existsSync(join(prefix, 'Library/Application Support/Safefleet/enrolment.json'))).toBe(true);
    expect(statSync(join(prefix, 'Library/Logs/Safefleet')).isDirectory()).toBe(true);
    await runCli(['uninstall', '--prefix', prefix, '--platform', 'darwin', '--purge']);
    expect(existsSync(join(prefix, 'Library/LaunchDaemons/org.safefleet.agent.plist'))).toBe(false);
    expect(existsSync(join(prefix, 'Library/Logs/Safefleet'))).toBe(false);
  });

  it('Windows: the task XML and scripts in %ProgramData%\\Safefleet\\service', async () => {
    const prefix = join(dir, 'win');
    const r = await runCli(['install', '--enroll', await console_.enrolmentString(), '--prefix', prefix, '--platform', 'win32']);
    expect(r.code, r.stderr).toBe(0);
    const svc = join(prefix, 'ProgramData/Safefleet/service');
    expect(readFileSync(join(svc, 'safefleet-agent.task.xml')).subarray(2).toString('utf16le')).toContain('<UserId>S-1-5-18</UserId>');
    expect(readFileSync(join(svc, 'install-service.ps1'), 'utf8')).toContain("Invoke-Step 'schtasks.exe' @('/Create', '/TN', '\\Safefleet\\Agent'");
    expect(existsSync(join(prefix, 'ProgramData/Safefleet/enrolment.json'))).toBe(true);
    await runCli(['uninstall', '--prefix', prefix, '--platform', 'win32']);
    expect(existsSync(svc)).toBe(false);
    expect(existsSync(join(prefix, 'ProgramData/Safefleet/enrolment.json'))).toBe(true);
  });

  it('refuses what it cannot do, before writing anything', async () => {
    const prefix = join(dir, 'refused');
    expect(await runCli(['install', '--prefix', prefix])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--enroll <enrolment-string> is needed'),
    });
    expect(await runCli(['install', '--enroll', 'not-an-enrolment-string', '--prefix', prefix])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--enroll:'),
    });
    expect(existsSync(prefix)).toBe(false);
    const other = process.platform === 'darwin' ? 'win32' : 'darwin';
    expect(await runCli(['install', '--enroll', 'x', '--platform', other])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('can only be written with --prefix DIR'),
    });
    expect(await runCli(['uninstall', '--platform', 'beos', '--prefix', prefix])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--platform must be one of linux, darwin, win32'),
    });
    const used = await console_.enrolmentString(1);
    expect((await runCli(['install', '--enroll', used, '--prefix', join(dir, 'once')])).code).toBe(0);
    const spent = await runCli(['install', '--enroll', used, '--prefix', join(dir, 'twice')]);
    expect(spent.code).toBe(1);
    expect(spent.stderr).toMatch(/enrolment failed: the console refused the enrolment: .*\n\(nothing was installed\)/);
    expect(existsSync(join(dir, 'twice', UNIT))).toBe(false);
  });

  it('--dry-run prints the plan and contacts no console (the string points at a closed port)', async () => {
    const { encodeEnrolmentString } = await import('@safefleet/protocol');
    const unreachable = encodeEnrolmentString({ url: 'http://127.0.0.1:9', token: 'x'.repeat(24) });
    const prefix = join(dir, 'dry');
    const r = await runCli(['install', '--enroll', unreachable, '--dry-run', '--prefix', prefix, '--platform', 'linux']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Enrol with the console at http://127.0.0.1:9 (not contacted now)');
    expect(r.stdout).toContain(`Write ${join(prefix, UNIT)} (mode 644)`);
    expect(r.stdout).toMatch(/Nothing was changed \(--dry-run\)\.\n$/);
    expect(existsSync(prefix)).toBe(false);
  });
});
