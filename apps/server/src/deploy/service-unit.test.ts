// The console's shipped systemd unit (apps/server/deploy/safefleet-server.service): systemd accepts every
// setting, and it raises the file limit enough for 20,000 agents (one socket each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const UNIT = fileURLToPath(new URL('../../deploy/safefleet-server.service', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/safefleet-server.js', import.meta.url));
const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));

/** Every `Key=value` line of the unit, in order. */
function settings(text: string): [string, string][] {
  return text
    .split('\n')
    .filter((l) => /^[A-Za-z]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

describe('console systemd unit', () => {
  const text = readFileSync(UNIT, 'utf8');
  const get = (key: string) => settings(text).find(([k]) => k === key)?.[1];

  it('holds 20,000 agents: LimitNOFILE well above one descriptor per agent', () => {
    expect(Number(get('LimitNOFILE'))).toBeGreaterThanOrEqual(65_536);
  });

  it('runs hardened, as its own user, with a private 0700 data folder', () => {
    expect(get('DynamicUser')).toBe('yes');
    expect(get('StateDirectoryMode')).toBe('0700');
    expect(get('ExecStart')).toContain('--data /var/lib/safefleet-server');
    for (const key of ['NoNewPrivileges', 'PrivateTmp', 'PrivateDevices', 'ProtectKernelTunables', 'RestrictSUIDSGID', 'LockPersonality']) {
      expect(get(key), key).toBe('yes');
    }
    expect(get('ProtectSystem')).toBe('strict');
  });

  it.skipIf(!systemdAnalyze)('is accepted by systemd-analyze verify (with this checkout as the install folder)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'safefleet-unit-'));
    try {
      const local = join(dir, 'safefleet-server.service');
      writeFileSync(local, text.replace('/opt/safefleet/apps/server/bin/safefleet-server.js', BIN).replace('/usr/bin/node', process.execPath));
      // Exit 0 and nothing printed: systemd parsed every setting and found the program.
      const r = spawnSync(systemdAnalyze as string, ['verify', local], { encoding: 'utf8' });
      expect(r.stderr + r.stdout).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
