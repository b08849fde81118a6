import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Facts } from '@safefleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../transport/fixtures/reports.js';
import { AGENT_DIR, runCli } from './fixtures/spawn-cli.js';

const bundle = (name: string) => join(AGENT_DIR, 'test-bundles', name);

describe('collect/check --capture and --replay (real process)', { timeout: 120_000 }, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(async () => cleanup());

  it('captures this machine, and replaying the capture gives the same facts', async () => {
    const cap = join(dir, 'capture');
    const captured = await runCli(['collect', '--capture', cap, '--json', '--state', join(dir, 'state')]);
    expect(captured.code, captured.stderr).toBe(0);
    expect(captured.stderr).toMatch(/^Capture written to .*capture \(\d+ commands, \d+ files\)/);
    const facts = Facts.parse(JSON.parse(captured.stdout));
    for (const f of ['bundle.json', 'commands.json', 'files.json', 'lookups.json', 'facts.json']) expect(existsSync(join(cap, f)), f).toBe(true);
    const meta = JSON.parse(readFileSync(join(cap, 'bundle.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ format: 'safefleet-capture-bundle', version: 1, platform: facts.os.platform, capturedAt: facts.collectedAt });
    if (existsSync(join(cap, 'files/etc/shadow'))) {
      expect(readFileSync(join(cap, 'files/etc/shadow'), 'utf8')).not.toMatch(/:\$[\w.-]+\$(?!REDACTED)/);
    }

    const replayed = await runCli(['collect', '--replay', cap, '--json']);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toEqual(JSON.parse(captured.stdout));
  });

  it('check --replay evaluates a bundle at its capture time, with the same output and exit code as check', async () => {
    const r = await runCli(['check', '--replay', bundle('fedora-40'), '--json']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout) as { control: string; status: string; reason: string }[];
    expect(findings.find((f) => f.control === 'password-age')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/'jo'.*150 days/) });
    const text = await runCli(['check', '--replay', bundle('fedora-40')]);
    expect(text.stdout).toMatch(/^FAIL {5}Password changed every quarter$/m);
    expect(text.stdout).toMatch(/Device status: Not compliant\n$/);
  });

  it('--now pins the time of a replay', async () => {
    const r = await runCli(['collect', '--replay', bundle('ubuntu-2404'), '--now', '2026-12-10T00:00:00Z', '--json']);
    expect(r.code).toBe(0);
    const facts = Facts.parse(JSON.parse(r.stdout));
    expect(facts.collectedAt).toBe('2026-12-10T00:00:00.000Z');
    expect(facts.updates.oldestSecurityPendingSince).toBe('2026-12-10T00:00:00.000Z');
  });

  it('says which things a hand-made or older bundle lacks', async () => {
    const b = join(dir, 'bare');
    await mkdir(b);
    await writeFile(
      join(b, 'bundle.json'),
      JSON.stringify({ format: 'safefleet-capture-bundle', version: 1, platform: 'linux', capturedAt: '2026-11-01T00:00:00Z' }),
    );
    const r = await runCli(['collect', '--replay', b]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^accounts +error/m);
    expect(r.stderr).toMatch(/^note: the bundle \(captured by agent unknown\) has no answer for \d+ thing\(s\)/);
    expect(r.stderr).toContain('\n  osInfo\n  readFile: /etc/debian_version\n');
    expect(r.stderr).toMatch(/… and \d+ more\n$/);
  });

  it('rejects wrong combinations and unreadable bundles', async () => {
    expect(await runCli(['collect', '--now', '2026-01-01T00:00:00Z'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--now only works with --replay'),
    });
    expect(await runCli(['check', '--capture', join(dir, 'a'), '--replay', join(dir, 'b')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot be used together'),
    });
    expect(await runCli(['collect', '--replay', bundle('fedora-40'), '--now', 'yesterday'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('is not a date'),
    });
    const missing = await runCli(['collect', '--replay', join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/collect failed: .*nope.*bundle\.json could not be read/);
    expect(await runCli(['collect', '--capture', bundle('fedora-40')])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not empty') });
  });
});
