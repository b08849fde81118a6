/**
 * The shipped replay bundles (apps/agent/test-bundles/<name>/): the real collectors and parsers
 * run over each recorded machine on this OS, whatever it is, and the facts and findings must be
 * what that machine would report. Regenerate a bundle: `npx tsx test-bundles/make/index.ts <name>`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTROL_IDS, Facts, type ControlId, type Finding } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { BUNDLE_EXPECTATIONS } from '../test-support/replay-expectations.js';
import { replayBundle } from '../test-support/replay.js';

const BUNDLES = fileURLToPath(new URL('../../test-bundles/', import.meta.url));
const shipped = readdirSync(BUNDLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(BUNDLES, d.name, 'bundle.json')))
  .map((d) => d.name)
  .sort();

const byControl = (findings: Finding[]) => new Map(findings.map((f) => [f.control, f] as [ControlId, Finding]));

describe('shipped replay bundles', () => {
  it('every bundle has expectations and every expectation has a bundle', () => {
    expect(shipped).toEqual(Object.keys(BUNDLE_EXPECTATIONS).sort());
  });

  for (const name of shipped) {
    const expected = BUNDLE_EXPECTATIONS[name];
    describe(name, () => {
      it('replays with no gaps, and the facts match the protocol', async () => {
        const r = await replayBundle(join(BUNDLES, name));
        expect(r.misses, 'the collectors asked for things this bundle lacks: regenerate it').toEqual([]);
        expect(Facts.safeParse(r.facts).success).toBe(true);
        expect(r.facts.collectedAt).toBe(r.meta.capturedAt);
        expect(r.facts.os.platform).toBe(r.meta.platform);
      });

      it('facts', async () => {
        const r = await replayBundle(join(BUNDLES, name));
        expected?.facts(r.facts);
      });

      it('findings', async () => {
        const r = await replayBundle(join(BUNDLES, name));
        const got = byControl(r.findings);
        expect([...got.keys()]).toEqual([...CONTROL_IDS]);
        for (const [control, [status, reason]] of Object.entries(expected?.findings ?? {}) as [ControlId, [string, RegExp?]][]) {
          expect(got.get(control)?.status, `${control}: ${got.get(control)?.reason}`).toBe(status);
          if (reason) expect(got.get(control)?.reason).toMatch(reason);
        }
      });

      it('holds no password hashes (safe to send to support)', () => {
        const shadow = join(BUNDLES, name, 'files', 'etc', 'shadow');
        if (!existsSync(shadow)) return;
        for (const line of readFileSync(shadow, 'utf8').trim().split('\n')) {
          expect(line).toMatch(/^[^:]+:[!*]*(\$[\w.-]+\$REDACTED|REDACTED)?:\d*$/);
        }
      });
    });
  }
});

describe('ubuntu-2404: pending-update age needs the agent state', () => {
  it('without a state dir the updates are first seen at replay time (grace); with one that saw them 3 weeks earlier it fails', async () => {
    const bundle = join(BUNDLES, 'ubuntu-2404');
    const fresh = await replayBundle(bundle);
    expect(fresh.facts.updates.oldestSecurityPendingSince).toBe(fresh.meta.capturedAt);
    expect(byControl(fresh.findings).get('os-updates')?.status).toBe('grace');

    const stateDir = await mkdtemp(join(tmpdir(), 'sf-replay-state-'));
    try {
      const seen = '2026-10-30T08:00:00.000Z';
      const pending = ['libc-bin 2.39-0ubuntu8.3', 'libc6 2.39-0ubuntu8.3', 'libssl3t64 3.0.13-0ubuntu3.4', 'openssl 3.0.13-0ubuntu3.4'];
      await writeFile(join(stateDir, 'pending-updates.json'), JSON.stringify(Object.fromEntries(pending.map((k) => [k, seen]))));
      const old = await replayBundle(bundle, { stateDir });
      expect(old.facts.updates.oldestSecurityPendingSince).toBe(seen);
      const f = byControl(old.findings).get('os-updates');
      expect(f?.status).toBe('fail');
      expect(f?.reason).toMatch(/waiting 21 days, longer than the 14 days allowed/);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
