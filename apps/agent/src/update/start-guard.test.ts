// The new version's start guard (what the single-file program's main script runs before `run`),
// on real files: a program, its .previous and update.json in a temporary state folder.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DID_NOT_START, guardStart, MAX_FAILED_STARTS, UPDATE_FILE, type UpdateRecord } from './start-guard.js';

describe('start guard of a freshly installed version', () => {
  let dir: string;
  let program: string;
  let logs: string[];
  const now = Date.parse('2026-12-03T20:00:00Z');
  const record = () => JSON.parse(readFileSync(join(dir, UPDATE_FILE), 'utf8')) as UpdateRecord;
  const write = (rec: UpdateRecord) => writeFileSync(join(dir, UPDATE_FILE), JSON.stringify(rec));
  const guard = (version = '1.1.0', at = now) => guardStart({ stateDir: dir, program, version, log: (m) => logs.push(m), now: at });
  const swapped: UpdateRecord = { phase: 'restarting', from: '1.0.0', to: '1.1.0', deadline: '2026-12-03T20:10:00Z' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'safefleet-guard-'));
    program = join(dir, 'safefleet-agent');
    writeFileSync(program, 'new program 1.1.0');
    writeFileSync(`${program}.previous`, 'old program 1.0.0');
    logs = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(`counts starts, and rolls back at the start after ${MAX_FAILED_STARTS} that did not reach the console`, () => {
    write(swapped);
    for (let i = 1; i <= MAX_FAILED_STARTS; i++) {
      expect(guard()).toEqual({ action: 'run' });
      expect(record()).toMatchObject({ ...swapped, starts: i });
      expect(readFileSync(program, 'utf8')).toBe('new program 1.1.0');
    }
    const r = guard();
    expect(r).toMatchObject({ action: 'restart', why: expect.stringContaining(DID_NOT_START) });
    expect(readFileSync(program, 'utf8')).toBe('old program 1.0.0');
    expect(existsSync(`${program}.previous`)).toBe(false);
    expect(existsSync(`${program}.failed`)).toBe(false);
    expect(record()).toEqual({ phase: 'rolled-back', from: '1.0.0', to: '1.1.0', detail: expect.stringContaining(DID_NOT_START) });
    expect(logs).toEqual([expect.stringMatching(/did not start .*rolling back to 1\.0\.0$/)]);
    // The old program starting next is not this version: the guard leaves it alone.
    expect(guard('1.0.0')).toEqual({ action: 'run' });
    expect(readFileSync(program, 'utf8')).toBe('old program 1.0.0');
  });

  it('rolls back a new version that starts after its deadline without having reached the console', () => {
    write({ ...swapped, starts: 1 });
    expect(guard('1.1.0', Date.parse('2026-12-03T20:10:01Z'))).toMatchObject({
      action: 'restart',
      why: expect.stringMatching(/did not reach the console in time/),
    });
    expect(readFileSync(program, 'utf8')).toBe('old program 1.0.0');
    expect(record()).toMatchObject({ phase: 'rolled-back', to: '1.1.0' });
  });

  it('does nothing for a confirmed, rolled-back or refused update, another version, or no record', () => {
    expect(guard()).toEqual({ action: 'run' });
    expect(existsSync(join(dir, UPDATE_FILE))).toBe(false);
    for (const rec of [
      { phase: 'done', from: '', to: '1.1.0' },
      { phase: 'rolled-back', from: '1.0.0', to: '1.1.0', detail: 'x' },
      { phase: 'failed', from: '1.0.0', to: '1.1.0' },
      { ...swapped, to: '1.2.0', starts: 9 },
    ] as UpdateRecord[]) {
      write(rec);
      expect(guard()).toEqual({ action: 'run' });
      expect(record()).toEqual(rec);
    }
    writeFileSync(join(dir, UPDATE_FILE), '{not json');
    expect(guard()).toEqual({ action: 'run' });
    expect(readFileSync(program, 'utf8')).toBe('new program 1.1.0');
  });

  it('keeps starting the new version when there is no previous program to go back to', () => {
    rmSync(`${program}.previous`);
    write({ ...swapped, starts: MAX_FAILED_STARTS });
    expect(guard()).toEqual({ action: 'run' });
    expect(readFileSync(program, 'utf8')).toBe('new program 1.1.0');
    expect(record()).toMatchObject({ phase: 'restarting', starts: MAX_FAILED_STARTS + 1 });
    expect(logs[0]).toMatch(/is missing: cannot roll back to 1\.0\.0/);
  });
});
