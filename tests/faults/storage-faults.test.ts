// Faults (issue 10): the database locked by another process, and the disk full. While it lasts the
// console stops acking (the agent keeps the report), /healthz says why; afterwards the agent's resend
// is stored, exactly once, and nothing acked is lost.
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleProcess } from '../support/console.js';
import { freePort, removeTempDirs, stopAll, tempDir } from '../support/processes.js';
import { seedDevices, SimAgent, waitUntil } from '../support/sim-agents.js';

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

async function health(url: string): Promise<{ status: number; body: { status: string; error?: string } }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; error?: string } };
}

function storedOnce(dataDir: string, produced: string[]): void {
  const db = new Database(join(dataDir, 'safefleet.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT report_id AS id FROM reports').all() as { id: string }[];
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...produced].sort());
  } finally {
    db.close();
  }
}

describe('storage faults', () => {
  it('database locked: no ack and /healthz says so; the resend is stored once when it is free', async () => {
    const consoleProc = await ConsoleProcess.create();
    const [cred] = seedDevices(consoleProc.dataDir, 1);
    await consoleProc.start();
    const agent = new SimAgent(consoleProc.url, cred!, 1);
    try {
      agent.connect();
      await waitUntil('the agent to connect', () => agent.connected, 30_000);
      const first = agent.collect();
      await waitUntil('the first ack', () => agent.acked.has(first), 30_000);
      expect((await health(consoleProc.url)).status).toBe(200);

      // Another process takes the write lock and keeps it.
      const locker = new Database(join(consoleProc.dataDir, 'safefleet.db'));
      locker.exec('BEGIN IMMEDIATE');
      const second = agent.collect();
      await waitUntil('the console to refuse the report', () => agent.errors.length > 0, 30_000);
      expect(agent.acked.has(second)).toBe(false);
      expect(agent.outbox.has(second)).toBe(true);
      const h = await health(consoleProc.url);
      expect(h.status).toBe(503);
      expect(h.body.error).toMatch(/locked/);

      locker.exec('ROLLBACK');
      locker.close();
      agent.resend(); // the agent's retry timer
      await waitUntil('the resent report to be acked', () => agent.acked.has(second), 30_000);
      expect(await health(consoleProc.url)).toEqual({ status: 200, body: { status: 'ok' } });
      agent.stop();
      await consoleProc.stop();
      storedOnce(consoleProc.dataDir, agent.produced);
    } finally {
      agent.stop();
    }
  });

  // A real full disk: the data folder on a small tmpfs, filled up. Needs permission to mount.
  const mountPoint = tempDir('safefleet-full-disk-');
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    console.warn('storage-faults: cannot mount a tmpfs here (needs root): the disk-full test is skipped');
  }
  afterAll(() => {
    if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  });

  it.skipIf(!mounted)('disk full: no ack and /healthz says so; every report is stored once after space is freed', async () => {
    const dataDir = join(mountPoint, 'data');
    mkdirSync(dataDir);
    const consoleProc = new ConsoleProcess(await freePort(), dataDir);
    const [cred] = seedDevices(dataDir, 1);
    await consoleProc.start();
    const agent = new SimAgent(consoleProc.url, cred!, 2);
    const filler = join(mountPoint, 'filler');
    try {
      agent.connect();
      await waitUntil('the agent to connect', () => agent.connected, 30_000);
      const first = agent.collect();
      await waitUntil('the first ack', () => agent.acked.has(first), 30_000);

      // Fill the disk to the last byte.
      const chunk = Buffer.alloc(256 * 1024, 1);
      let written = 0;
      try {
        for (;;) {
          writeFileSync(filler, chunk, { flag: 'a' });
          written++;
        }
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      try {
        for (;;) writeFileSync(filler, Buffer.alloc(4096, 1), { flag: 'a' });
      } catch {
        /* full */
      }
      expect(written).toBeGreaterThan(0);

      // Reports keep coming until SQLite needs a new page and cannot have one.
      for (let i = 0; i < 400 && agent.errors.length === 0; i++) {
        agent.collect();
        await new Promise((r) => setTimeout(r, 20));
      }
      await waitUntil('the console to refuse a report', () => agent.errors.length > 0, 30_000);
      expect(agent.outbox.size).toBeGreaterThan(0);
      const h = await health(consoleProc.url);
      expect(h.status).toBe(503);
      expect(h.body.error).toMatch(/disk is full/);

      rmSync(filler);
      agent.resend();
      await waitUntil('every report to be acked after space was freed', () => agent.outbox.size === 0, 60_000);
      expect(await health(consoleProc.url)).toEqual({ status: 200, body: { status: 'ok' } });
      agent.stop();
      await consoleProc.stop();
      storedOnce(dataDir, agent.produced);
    } finally {
      agent.stop();
      rmSync(filler, { force: true });
    }
  });
});
