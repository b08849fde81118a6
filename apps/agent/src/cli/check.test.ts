import { CONTROL_IDS, DEVICE_STATUS_LABELS, FACT_GROUPS, Facts } from '@safefleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../transport/fixtures/reports.js';
import { runCli } from './fixtures/spawn-cli.js';

// These run the real collectors on this machine, so they take a few seconds each.
describe('collect and check (real process, real collectors)', { timeout: 120_000 }, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(async () => cleanup());

  it('check --json prints one {control,status,reason} per control; exit 1 exactly when one fails', async () => {
    const r = await runCli(['check', '--json', '--state', dir]);
    expect(r.stderr).toBe('');
    const findings = JSON.parse(r.stdout) as { control: string; status: string; reason: string }[];
    expect(findings.map((f) => f.control)).toEqual([...CONTROL_IDS]);
    for (const f of findings) {
      expect(Object.keys(f).sort()).toEqual(['control', 'reason', 'status']);
      expect(['pass', 'grace', 'fail', 'unknown']).toContain(f.status);
      expect(typeof f.reason).toBe('string');
    }
    expect(findings.find((f) => f.control === 'agent-checkin')?.status).toBe('unknown');
    expect(r.code).toBe(findings.some((f) => f.status === 'fail') ? 1 : 0);
  });

  it('check prints a block per control and the device status in words', async () => {
    const r = await runCli(['check', '--state', dir]);
    const blocks = r.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(CONTROL_IDS.length + 1);
    for (const b of blocks.slice(0, -1)) {
      expect(b).toMatch(/^(PASS|GRACE|FAIL|UNKNOWN) +\S/);
      if (!b.startsWith('PASS')) expect(b).toContain('What to do: ');
    }
    const status = blocks.at(-1)!;
    expect(Object.values(DEVICE_STATUS_LABELS).map((l) => `Device status: ${l}`)).toContain(status);
    expect(r.code).toBe(blocks.some((b) => b.startsWith('FAIL')) ? 1 : 0);
  });

  it('collect --json prints facts that match the protocol', async () => {
    const r = await runCli(['collect', '--json', '--state', dir]);
    expect(r.code).toBe(0);
    const parsed = Facts.safeParse(JSON.parse(r.stdout));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.agentVersion).toBe('0.1.0');
  });

  it('collect prints a line per fact group', async () => {
    const r = await runCli(['collect', '--state', dir]);
    expect(r.code).toBe(0);
    for (const g of FACT_GROUPS) expect(r.stdout).toMatch(new RegExp(`^${g} +(ok|error|unsupported) +\\S`, 'm'));
  });
});
