import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../transport/fixtures/reports.js';
import { writeFileAtomic } from './atomic.js';
import { defaultStateDir, resolveStateDir } from './paths.js';
import { AgentState } from './store.js';

describe('defaultStateDir', () => {
  it('uses the system location for root and the user location otherwise', () => {
    expect(defaultStateDir({ platform: 'linux', uid: 0, env: {}, home: '/root' })).toBe('/var/lib/safefleet-agent');
    expect(defaultStateDir({ platform: 'darwin', uid: 0, env: {}, home: '/var/root' })).toBe('/Library/Application Support/Safefleet');
    expect(defaultStateDir({ platform: 'win32', uid: undefined, env: { ProgramData: 'D:\\PD' } })).toBe('D:\\PD\\Safefleet');
    expect(defaultStateDir({ platform: 'linux', uid: 1000, env: {}, home: '/home/sam' })).toBe('/home/sam/.local/state/safefleet-agent');
    expect(defaultStateDir({ platform: 'linux', uid: 1000, env: { XDG_STATE_HOME: '/xdg' }, home: '/h' })).toBe('/xdg/safefleet-agent');
    expect(defaultStateDir({ platform: 'linux', uid: 1000, env: { XDG_STATE_HOME: 'rel' }, home: '/h' })).toBe('/h/.local/state/safefleet-agent');
  });

  it('lets --state win over SAFEFLEET_AGENT_STATE, which wins over the default', () => {
    const ctx = { platform: 'linux' as const, uid: 0, env: { SAFEFLEET_AGENT_STATE: '/from/env' } };
    expect(resolveStateDir('/from/flag', ctx)).toBe('/from/flag');
    expect(resolveStateDir(undefined, ctx)).toBe('/from/env');
    expect(resolveStateDir(undefined, { ...ctx, env: {} })).toBe('/var/lib/safefleet-agent');
  });
});

describe('AgentState', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let logs: string[];
  beforeEach(async () => {
    ({ dir: root, cleanup } = await tempDir());
    logs = [];
  });
  afterEach(async () => cleanup());

  const enrolment = {
    url: 'http://127.0.0.1:8080',
    wsUrl: 'ws://127.0.0.1:8080/ws/agent',
    deviceId: 'dev_1',
    deviceSecret: 's3cret',
    enrolledAt: '2026-11-21T05:40:00Z',
  };

  it('creates the directory 0700 and the enrolment file 0600', async () => {
    const dir = join(root, 'state');
    const state = await AgentState.open(dir);
    expect(await state.readEnrolment()).toBeUndefined();
    await state.writeEnrolment(enrolment);
    expect(await state.readEnrolment()).toEqual(enrolment);
    if (process.platform !== 'win32') {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect((await stat(join(dir, 'enrolment.json'))).mode & 0o777).toBe(0o600);
    }
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('says plainly when enrolment.json is damaged', async () => {
    const state = await AgentState.open(root);
    await writeFile(join(root, 'enrolment.json'), JSON.stringify({ ...enrolment, deviceSecret: '' }));
    await expect(state.readEnrolment()).rejects.toThrow(/damaged.*deviceSecret.*--force/);
  });

  it('persists seq before handing it out, so it never repeats across restarts', async () => {
    const a = await AgentState.open(root);
    expect(await a.lastSeq()).toBe(0);
    expect(await Promise.all([a.nextSeq(), a.nextSeq(), a.nextSeq()])).toEqual([1, 2, 3]);
    expect(JSON.parse(await readFile(join(root, 'seq.json'), 'utf8'))).toEqual({ lastSeq: 3 });
    const b = await AgentState.open(root);
    expect(await b.nextSeq()).toBe(4);
  });

  it('jumps past any used seq when seq.json is damaged', async () => {
    await writeFile(join(root, 'seq.json'), 'garbage');
    const state = await AgentState.open(root, (m) => void logs.push(m));
    const next = await state.nextSeq();
    expect(next).toBeGreaterThan(1_700_000_000);
    expect(logs[0]).toMatch(/could not read .*seq\.json/);
  });

  it('keeps the console interval in config.json, defaulting to 60 minutes', async () => {
    const state = await AgentState.open(root, (m) => void logs.push(m));
    expect(await state.readConfig()).toEqual({ collectIntervalMinutes: 60 });
    await state.writeConfig({ collectIntervalMinutes: 15 });
    expect(await (await AgentState.open(root)).readConfig()).toEqual({ collectIntervalMinutes: 15 });
    await writeFile(join(root, 'config.json'), '{');
    expect(await state.readConfig()).toEqual({ collectIntervalMinutes: 60 });
    expect(logs).toHaveLength(1);
  });

  it('replaces files atomically', async () => {
    const file = join(root, 'x.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(root)).toEqual(['x.json']);
  });
});
