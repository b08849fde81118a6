/**
 * Builds a test bundle the way a support capture is made: the real collectors run through the
 * capture Host, here over a fake host holding real-format output instead of a real machine.
 * The bundles in test-bundles/<name>/ are committed data; this only regenerates them.
 */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectAll } from '../../src/collectors/index.js';
import { createCaptureHost } from '../../src/exec/capture-host.js';
import type { OsInfoData } from '../../src/exec/capture-os-info.js';
import { writeBundle } from '../../src/exec/capture-writer.js';
import { createFakeHost, type FakeHostSpec } from '../../src/exec/fake-host.js';
import { AGENT_VERSION } from '../../src/version.js';

export const BUNDLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BundleRecipe {
  name: string;
  capturedAt: Date;
  hostname: string;
  timeZone: string;
  /** What systeminformation osInfo() said, when the platform's os collector asks for it. */
  osInfo?: OsInfoData;
  spec: FakeHostSpec;
  note: string;
}

export async function makeBundle(r: BundleRecipe): Promise<string> {
  const fake = createFakeHost(r.spec);
  const host = createCaptureHost(
    fake,
    r.osInfo
      ? { osInfo: async () => r.osInfo! }
      : {
          osInfo: async () => {
            throw new Error('no osInfo in this recipe');
          },
        },
  );
  const facts = await collectAll({ host, agentVersion: AGENT_VERSION, now: r.capturedAt });
  if (fake.unmatched.length > 0) {
    throw new Error(`${r.name}: the collectors ran commands the recipe has no output for:\n  ${fake.unmatched.join('\n  ')}`);
  }
  const dir = join(BUNDLES_DIR, r.name);
  await rm(dir, { recursive: true, force: true });
  await writeBundle(dir, {
    data: host.data,
    agentVersion: AGENT_VERSION,
    capturedAt: r.capturedAt,
    hostname: r.hostname,
    timeZone: r.timeZone,
    note: r.note,
    facts,
  });
  return dir;
}

/** Days since 1970-01-01 (the /etc/shadow last-change field) for `days` before `at`. */
export function shadowDay(at: Date, daysBefore: number): number {
  return Math.floor(at.getTime() / 86_400_000) - daysBefore;
}

/** A ClamAV .cvd/.cld header: colon fields, space-padded to 512 bytes (the agent reads only these). */
export function clamavHeader(fields: { built: string; version: number; sigs: number; flevel: number; epoch: number }): Buffer {
  const md5 = '5f0d8a3c1b9e47d2a6c8e0f1b2d3c4a5';
  const dsig = 'hX3kQ9vB7mN2pL5rT8wY1zC4fG6jK0sD3aE7uI9oP2qR5tV8xZ1cB4nM6lK9jH2gF5dS8aW1eR4tY7uI0oP3';
  const text = `ClamAV-VDB:${fields.built}:${fields.version}:${fields.sigs}:${fields.flevel}:${md5}:${dsig}:raynman:${fields.epoch}`;
  return Buffer.from(text.padEnd(512, ' '), 'latin1');
}
