// Acceptance (issue 14): the single-file linux-x64 agent, run from a temporary folder with no node
// and no repository on PATH, enrols with a real console, reports and is acked; then the console
// publishes builds and the running agent refuses a bad signature, a wrong SHA-256 and a truncated
// download (keeping the old version running), and installs a good signed build, reconnecting as it;
// finally a signed build that cannot reach the console is installed, rolled back after the
// confirmation window (shortened with SAFEFLEET_UPDATE_CONFIRM_MS), and the old version reports it;
// last, under a stand-in service manager, a signed build that passes the pre-swap checks but stops at
// every start is rolled back by its own start guard after three starts, and the old version is back.
import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:net';
import { accessSync, constants, copyFileSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentRelease, agentReleaseStatement, DeviceDetail, type DeviceSummary } from '@safefleet/protocol';
import { ConsoleProcess } from '../support/console.js';
import { removeTempDirs, runProgram, startProgram, stopAll, tempDir, until, type Proc } from '../support/processes.js';
import { buildAgentProgram, canBuildSingleFile } from '../support/single-file.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const LEAN = '--node-options=--lite-mode --no-expose-wasm --max-semi-space-size=1 --v8-pool-size=0';
/** The window a new version has to reach the console before it is rolled back (10 minutes in production). */
const CONFIRM_MS = 20_000;

/**
 * A service manager for the test, as systemd's Restart=on-failure (RestartSec shortened to 0.5 s):
 * starts the program again whenever it exits with a non-zero code, until stopped.
 */
function supervise(file: string, args: string[], o: { env: Record<string, string>; cwd: string }) {
  const runs: Proc[] = [];
  const exits: (number | null)[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const p = startProgram(`service-${runs.length + 1}`, file, args, o);
      runs.push(p);
      const code = await p.exited;
      exits.push(code);
      if (stopped || code === 0) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  const lines = () => runs.flatMap((p) => p.lines);
  return {
    exits,
    lines,
    count: (re: RegExp) => lines().filter((l) => re.test(l)).length,
    waitFor: (re: RegExp, ms: number) => until(`a line matching ${re}`, async () => lines().find((l) => re.test(l)), ms),
    stop: async () => {
      stopped = true;
      await runs.at(-1)?.stop();
      await loop;
    },
  };
}

/** A 127.0.0.1 port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe.skipIf(!canBuildSingleFile)('single-file agent program (linux-x64)', { timeout: 600_000 }, () => {
  let console_: ConsoleProcess;
  let dist: string;
  let keyDir: string;
  let runDir: string;
  let program: string;
  let env: Record<string, string>;
  let agent: Proc;
  let api: Awaited<ReturnType<ConsoleProcess['login']>>;
  let deviceId: string;

  beforeAll(async () => {
    console_ = await ConsoleProcess.create();
    // The release key lives in the console's data folder, where dist:agent keeps it by default.
    keyDir = join(console_.dataDir, 'release-key');
    dist = tempDir('safefleet-dist-');
    const built = await buildAgentProgram({ out: dist, keyDir });
    expect(built.release.version).toBe('0.1.0');
    await console_.start({ SAFEFLEET_AGENT_DIST: dist, SAFEFLEET_AGENT_DIST_POLL_MS: '300' });
    api = await console_.login();

    // A folder with only the program, and a PATH with nothing in it: no node, no repository.
    runDir = tempDir('safefleet-sea-run-');
    program = join(runDir, 'safefleet-agent');
    copyFileSync(built.program, program);
    const emptyBin = tempDir('safefleet-empty-bin-');
    env = { PATH: emptyBin, HOME: runDir, LANG: 'C', SAFEFLEET_UPDATE_CONFIRM_MS: String(CONFIRM_MS) };
  }, 300_000);

  afterAll(async () => {
    await stopAll();
    removeTempDirs();
  });

  it('runs with no node and no repository: enrols, reports and is acked', async () => {
    expect(() => accessSync(join(env.PATH!, 'node'), constants.X_OK)).toThrow();
    const state = join(runDir, 'state');
    const version = await runProgram(program, ['--version'], { env, cwd: runDir });
    expect(version.stdout).toBe('safefleet-agent 0.1.0\n');
    // What the updater runs on a new program before the swap: run's own bundle loads, no connection.
    const selfTest = await runProgram(program, ['run', '--self-test'], { env, cwd: runDir });
    expect(selfTest).toMatchObject({ code: 0, stdout: 'safefleet-agent 0.1.0\n' });

    const enrol = await runProgram(program, ['enroll', await console_.createEnrolmentString(), '--state', state], { env, cwd: runDir });
    expect(enrol.stderr).toBe('');
    expect(enrol.code).toBe(0);
    deviceId = /Enrolled as device (\S+) with/.exec(enrol.stdout)![1]!;
    // The release key travelled in the enrolment string.
    expect(JSON.parse(readFileSync(join(state, 'enrolment.json'), 'utf8')).updateKey).toBe(
      readFileSync(join(keyDir, 'release-key.pub'), 'utf8').trim(),
    );

    agent = startProgram('sea-agent', program, [LEAN, 'run', '--state', state], { env, cwd: runDir });
    await agent.waitFor(/acked seq 1\b/, 120_000);
    const device = await until('the device with its report', async () => {
      const list = (await (await api('/api/devices')).json()) as DeviceSummary[];
      return list.find((d) => d.id === deviceId && d.lastSeenAt);
    });
    expect(device).toBeDefined();
    const detail = DeviceDetail.parse(await (await api(`/api/devices/${deviceId}`)).json());
    expect(detail.agentVersion).toBe('0.1.0');
    expect(detail.facts?.agentVersion).toBe('0.1.0');
    expect(detail.agentUpdate?.state).toBe('current');

    const status = await runProgram(program, ['status', '--state', state], { env, cwd: runDir });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Console:      ${console_.url}`);
    expect(status.stdout).toMatch(/Last report: {2}collected \S+, received by the console \S+/);
    expect(status.stdout).toContain('"seq": 1');
    expect(status.stdout).not.toContain('deviceSecret');
  });

  it('refuses a bad signature, a wrong SHA-256 and a truncated download, then installs a good signed build', async () => {
    expect(deviceId).toBeDefined();
    const hold = async (on: boolean) =>
      expect(
        (await api('/api/agent-release/hold', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hold: on }) }))
          .status,
      ).toBe(200);
    const served = async (version: string) =>
      until(`the console to serve ${version}`, async () => {
        const r = await fetch(`${console_.url}/downloads/agent/manifest.json`);
        return r.ok && ((await r.json()) as { version: string }).version === version;
      });
    const updateState = (version: string) =>
      until(
        `the agent's update state for ${version}`,
        async () => {
          const d = DeviceDetail.parse(await (await api(`/api/devices/${deviceId}`)).json());
          // 'held' is the state reported while the test held updates: the outcome comes after it.
          const u = d.agentUpdate;
          return u?.version === version && u.state !== 'downloading' && u.state !== 'held' ? u : undefined;
        },
        120_000,
      );
    const original = sha256(readFileSync(program));
    const k1 = createPrivateKey(readFileSync(join(keyDir, 'release-key.pem')));
    const k1Pub = readFileSync(join(keyDir, 'release-key.pub'), 'utf8');
    /** Publish a stand-in program (the agent must refuse it before ever running it). */
    const publish = (version: string, body: Buffer, key = k1, publicKey = k1Pub.trim()) => {
      const file = 'safefleet-agent-linux-x64';
      writeFileSync(join(dist, file), body);
      const entry = { target: 'linux-x64' as const, file, size: body.length, sha256: sha256(body) };
      const signature = sign(null, Buffer.from(agentReleaseStatement({ version, ...entry })), key).toString('base64');
      const manifest = AgentRelease.parse({
        product: 'safefleet-agent',
        version,
        builtAt: new Date().toISOString(),
        node: '22.23.3',
        publicKey,
        files: [{ ...entry, signature }],
      });
      writeFileSync(join(dist, 'manifest.json.tmp'), JSON.stringify(manifest));
      renameSync(join(dist, 'manifest.json.tmp'), join(dist, 'manifest.json'));
    };
    const stillRunningOld = async () => {
      expect(agent.child.exitCode).toBeNull();
      expect(sha256(readFileSync(program))).toBe(original);
      const before = agent.count(/acked seq/);
      expect((await api(`/api/devices/${deviceId}/collect`, { method: 'POST' })).status).toBeLessThan(300);
      await until('another acked report from the old version', async () => agent.count(/acked seq/) > before, 120_000);
    };

    // 1. A build signed with another key (a console whose key was swapped): the agent trusts only its enrolment's key.
    await hold(true);
    const k2 = generateKeyPairSync('ed25519');
    const k2Pub = k2.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    writeFileSync(join(keyDir, 'release-key.pub'), `${k2Pub}\n`);
    publish('0.1.1', Buffer.from('not the real program\n'.repeat(1000)), k2.privateKey, k2Pub);
    await served('0.1.1');
    await hold(false);
    expect(await updateState('0.1.1')).toMatchObject({ state: 'failed', detail: expect.stringMatching(/signature does not match/) });
    await stillRunningOld();

    // 2. Right signature, but the file changed after publishing: wrong SHA-256.
    await hold(true);
    writeFileSync(join(keyDir, 'release-key.pub'), k1Pub);
    publish('0.1.2', Buffer.from('program 0.1.2\n'.repeat(1000)));
    await served('0.1.2');
    writeFileSync(join(dist, 'safefleet-agent-linux-x64'), Buffer.from('PROGRAM 0.1.2\n'.repeat(1000)));
    await hold(false);
    expect(await updateState('0.1.2')).toMatchObject({ state: 'failed', detail: expect.stringMatching(/SHA-256 is/) });
    await stillRunningOld();

    // 3. A download cut short.
    await hold(true);
    publish('0.1.3', Buffer.from('program 0.1.3\n'.repeat(1000)));
    await served('0.1.3');
    truncateSync(join(dist, 'safefleet-agent-linux-x64'), 5000);
    await hold(false);
    expect(await updateState('0.1.3')).toMatchObject({ state: 'failed' });
    await stillRunningOld();

    // 4. A real, newer, signed build: the agent updates itself, reconnects and reports the new version.
    const next = tempDir('safefleet-dist-next-');
    const built = await buildAgentProgram({ out: next, keyDir, version: '0.1.4' });
    for (const f of [built.release.files[0]!.file, 'manifest.json']) copyFileSync(join(next, f), join(dist, `${f}.tmp`));
    renameSync(join(dist, `${built.release.files[0]!.file}.tmp`), join(dist, built.release.files[0]!.file));
    renameSync(join(dist, 'manifest.json.tmp'), join(dist, 'manifest.json'));
    await agent.waitFor(/starting safefleet-agent 0\.1\.4/, 180_000);
    const updated = await until(
      'the console to see agent 0.1.4',
      async () => {
        const d = DeviceDetail.parse(await (await api(`/api/devices/${deviceId}`)).json());
        return d.agentVersion === '0.1.4' && d.agentUpdate?.state === 'current' ? d : undefined;
      },
      120_000,
    );
    expect(updated.agentUpdate).toMatchObject({ state: 'current', version: '0.1.4' });
    expect(sha256(readFileSync(program))).toBe(built.release.files[0]!.sha256);
    const v = await runProgram(program, ['--version'], { env, cwd: runDir });
    expect(v.stdout).toBe('safefleet-agent 0.1.4\n');
    await agent.waitFor(/update to 0\.1\.4 confirmed/, 60_000);
  });

  it('rolls back a signed build that cannot reach the console, and the old version reports it', async () => {
    expect(agent.count(/update to 0\.1\.4 confirmed/)).toBe(1);
    const state = join(runDir, 'state');
    const program04 = sha256(readFileSync(program));
    const next = tempDir('safefleet-dist-broken-');
    const broken = await buildAgentProgram({ out: next, keyDir, version: '0.1.5' });

    // 0.1.5 starts with an enrolment that points at a port nothing listens on, so it never reaches
    // the console; the running 0.1.4 still holds its connection (and its enrolment) in memory.
    const enrolmentFile = join(state, 'enrolment.json');
    const good = readFileSync(enrolmentFile, 'utf8');
    const port = await closedPort();
    const e = JSON.parse(good) as { url: string; wsUrl: string };
    writeFileSync(enrolmentFile, JSON.stringify({ ...e, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws/agent` }));

    for (const f of [broken.release.files[0]!.file, 'manifest.json']) copyFileSync(join(next, f), join(dist, `${f}.tmp`));
    renameSync(join(dist, `${broken.release.files[0]!.file}.tmp`), join(dist, broken.release.files[0]!.file));
    renameSync(join(dist, 'manifest.json.tmp'), join(dist, 'manifest.json'));

    await agent.waitFor(/updated from 0\.1\.4 to 0\.1\.5; rolling back unless the console is reached within \d+ s/, 180_000);
    // 0.1.5 has read its (unreachable) enrolment: put the real one back for the version that returns.
    writeFileSync(enrolmentFile, good);
    expect(sha256(readFileSync(program))).toBe(broken.release.files[0]!.sha256);
    await agent.waitFor(/the new version did not reach the console in time; rolling back to 0\.1\.4/, CONFIRM_MS + 60_000);
    // The second start of 0.1.4 in this log (the first was the update in the previous test).
    await until('0.1.4 to start again', async () => agent.count(/starting safefleet-agent 0\.1\.4/) >= 2, 60_000);

    // The old program is back in place, runs, reconnects and tells the console what happened.
    expect(sha256(readFileSync(program))).toBe(program04);
    const back = await until(
      'the console to see 0.1.4 report the rollback of 0.1.5',
      async () => {
        const d = DeviceDetail.parse(await (await api(`/api/devices/${deviceId}`)).json());
        return d.agentVersion === '0.1.4' && d.agentUpdate?.state === 'rolled-back' ? d : undefined;
      },
      120_000,
    );
    expect(back.agentUpdate).toMatchObject({ state: 'rolled-back', version: '0.1.5', detail: expect.stringMatching(/did not reach the console/) });
    const v = await runProgram(program, ['--version'], { env, cwd: runDir });
    expect(v.stdout).toBe('safefleet-agent 0.1.4\n');
    // It does not try 0.1.5 again while the console still publishes it.
    const acked = agent.count(/acked seq/);
    expect((await api(`/api/devices/${deviceId}/collect`, { method: 'POST' })).status).toBeLessThan(300);
    await until('a report from 0.1.4 after the rollback', async () => agent.count(/acked seq/) > acked, 120_000);
    expect(agent.count(/the console publishes agent 0\.1\.5; fetching it/)).toBe(1);
  });

  it('rolls back a signed build that stops at every start, under a service manager, to the same old program', async () => {
    expect(agent.count(/starting safefleet-agent 0\.1\.4/)).toBeGreaterThanOrEqual(2);
    const state = join(runDir, 'state');
    const program04 = sha256(readFileSync(program));
    const next = tempDir('safefleet-dist-crash-');
    // 0.1.6 is a normal signed build; SAFEFLEET_TEST_CRASH_AT_START makes its `run` stop at once
    // (after `--version` and `run --self-test` passed), as a start-up bug would.
    const [crashing] = await Promise.all([buildAgentProgram({ out: next, keyDir, version: '0.1.6' }), agent.stop()]);

    // From here the agent runs as a service would: exit 75 after an update, restarted on failure.
    const service = supervise(program, [LEAN, 'run', '--state', state], {
      env: { ...env, INVOCATION_ID: 'e2e-service-manager', SAFEFLEET_TEST_CRASH_AT_START: '0.1.6' },
      cwd: runDir,
    });
    try {
      await service.waitFor(/connected to ws:/, 60_000);
      for (const f of [crashing.release.files[0]!.file, 'manifest.json']) copyFileSync(join(next, f), join(dist, `${f}.tmp`));
      renameSync(join(dist, `${crashing.release.files[0]!.file}.tmp`), join(dist, crashing.release.files[0]!.file));
      renameSync(join(dist, 'manifest.json.tmp'), join(dist, 'manifest.json'));

      await service.waitFor(/installed agent 0\.1\.6 .*; restarting/, 180_000);
      await service.waitFor(/the new version did not start \(it stopped 3 times before reaching the console\); rolling back to 0\.1\.4/, 60_000);
      await until('0.1.4 to start again after the rollback', async () => service.count(/starting safefleet-agent 0\.1\.4/) >= 2, 60_000);
      // The swap (75), three starts of 0.1.6 that stopped (1), the rollback (75).
      expect(service.exits.slice(0, 5)).toEqual([75, 1, 1, 1, 75]);
      expect(service.count(/safefleet-agent 0\.1\.6: stopping at start/)).toBe(3);
      expect(sha256(readFileSync(program))).toBe(program04);

      const back = await until(
        'the console to see 0.1.4 report the rollback of 0.1.6',
        async () => {
          const d = DeviceDetail.parse(await (await api(`/api/devices/${deviceId}`)).json());
          return d.agentVersion === '0.1.4' && d.agentUpdate?.version === '0.1.6' ? d : undefined;
        },
        120_000,
      );
      expect(back.agentUpdate).toMatchObject({ state: 'rolled-back', detail: expect.stringMatching(/^the new version did not start/) });
      const status = await runProgram(program, ['status', '--state', state], { env, cwd: runDir });
      expect(status.stdout).toMatch(/Updates: +rolled-back \(0\.1\.4 → 0\.1\.6\): the new version did not start/);
      // The old version keeps running and reporting, and does not fetch 0.1.6 again.
      const acked = service.count(/acked seq/);
      expect((await api(`/api/devices/${deviceId}/collect`, { method: 'POST' })).status).toBeLessThan(300);
      await until('a report from 0.1.4 after the rollback', async () => service.count(/acked seq/) > acked, 120_000);
      expect(service.count(/the console publishes agent 0\.1\.6; fetching it/)).toBe(1);
    } finally {
      await service.stop();
    }
  });
});
