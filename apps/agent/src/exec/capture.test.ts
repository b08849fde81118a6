import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaptureHost } from './capture-host.js';
import { isPlainText, mirrorPath } from './capture-format.js';
import { writeBundle } from './capture-writer.js';
import { createFakeHost } from './fake-host.js';
import { loadBundle } from './replay-loader.js';
import { createReplayHost } from './replay-host.js';

const header = Buffer.concat([
  Buffer.from('ClamAV-VDB:16 Apr 2020 07-58 -0400:25784:2267600:63'.padEnd(512, ' ')),
  Buffer.from([0x1f, 0x8b, 0, 0xff]),
]);
const spec = {
  platform: 'linux' as const,
  commands: {
    'apt list --upgradable': { stdout: 'Listing...\nopenssl/noble-security 3 amd64 [upgradable from: 2]\n', stderr: 'WARNING\n' },
    'gsettings get org.gnome.desktop.session idle-delay': (o: { uid?: number }) => ({ stdout: o.uid === 1000 ? 'uint32 300\n' : 'uint32 0\n' }),
    'failing --now': { stdout: '', stderr: 'boom', exitCode: 3 },
  },
  files: {
    '/etc/shadow': 'alice:$6$salt$hash:19980:0:99999:7:::\n',
    '/var/lib/clamav/daily.cvd': header,
    '/etc/passwd': 'alice:x:1000:1000::/home/alice:/bin/bash\n',
  },
  paths: ['/run/user/1000/bus'],
};

/** Every kind of Host call, in a fixed order, and what it returned. */
async function exercise(host: import('./host.js').Host) {
  return [
    await host.run('apt', ['list', '--upgradable']),
    await host.run('gsettings', ['get', 'org.gnome.desktop.session', 'idle-delay'], { uid: 1000, gid: 1000 }),
    await host.run('gsettings', ['get', 'org.gnome.desktop.session', 'idle-delay']),
    await host.run('failing', ['--now']),
    await host.run('clamscan', ['--version']),
    await host.which('apt'),
    await host.which('dnf'),
    await host.readFile('/etc/shadow'),
    await host.readFile('/etc/passwd', { maxBytes: 5 }),
    await host.readFile('/etc/nope'),
    (await host.readFileBytes('/var/lib/clamav/daily.cvd', 512))?.toString('latin1'),
    await host.listDir('/run/user'),
    await host.listDir('/nowhere'),
    await host.exists('/run/user/1000/bus'),
    await host.exists('/run/user/1001/bus'),
  ];
}

describe('capture → bundle → replay', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'sf-capture-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('replays every call as it was captured, except the redacted shadow hashes', async () => {
    const capture = createCaptureHost(createFakeHost(spec), {
      osInfo: async () => ({
        distro: 'Ubuntu',
        release: '24.04',
        codename: 'noble',
        build: '',
        kernel: '6.8',
        arch: 'x64',
        hostname: 'h',
        serial: '',
      }),
    });
    const live = await exercise(capture);
    await capture.osInfo();
    await writeBundle(join(dir, 'b'), {
      data: capture.data,
      agentVersion: '9.9.9',
      capturedAt: new Date('2026-11-20T09:30:00Z'),
      hostname: 'h',
      timeZone: 'Europe/London',
    });

    const { meta, data } = await loadBundle(join(dir, 'b'));
    expect(meta).toMatchObject({
      format: 'safefleet-capture-bundle',
      version: 1,
      platform: 'linux',
      agentVersion: '9.9.9',
      capturedAt: '2026-11-20T09:30:00.000Z',
      timeZone: 'Europe/London',
    });
    expect(meta.redactions).toEqual([expect.stringContaining('/etc/shadow')]);
    const replay = createReplayHost(data);
    const replayed = await exercise(replay);
    expect(replayed[7]).toBe('alice:$6$REDACTED:19980\n');
    expect(replayed.filter((_, i) => i !== 7)).toEqual(live.filter((_, i) => i !== 7));
    expect(replay.misses).toEqual([]);
    expect(await replay.osInfo()).toMatchObject({ distro: 'Ubuntu', release: '24.04' });
  });

  it('writes a readable layout: short output inline, long output and files as plain files, binary as base64', async () => {
    const capture = createCaptureHost(createFakeHost(spec));
    await exercise(capture);
    await writeBundle(join(dir, 'b'), { data: capture.data, agentVersion: '0', capturedAt: new Date(), hostname: 'h' });
    const commands = JSON.parse(await readFile(join(dir, 'b', 'commands.json'), 'utf8')) as Record<string, unknown>[];
    expect(commands[0]).toMatchObject({
      line: 'apt list --upgradable',
      file: 'apt',
      exitCode: 0,
      stdoutFile: 'commands/001-apt.stdout.txt',
      stderr: 'WARNING\n',
    });
    expect(commands[1]).toMatchObject({ uid: 1000, gid: 1000, stdout: 'uint32 300\n' });
    expect(commands.find((c) => c.file === 'clamscan')).toMatchObject({ exitCode: null, error: expect.stringMatching(/^ENOENT/) });
    const files = JSON.parse(await readFile(join(dir, 'b', 'files.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(files['/etc/nope']).toEqual({ missing: true });
    expect(files['/etc/shadow']).toMatchObject({ file: 'files/etc/shadow', encoding: 'utf8' });
    expect(await readFile(join(dir, 'b', 'files/etc/shadow'), 'utf8')).toBe('alice:$6$REDACTED:19980\n');
    // Only the 512 bytes the agent read are kept; the header is plain ASCII so it stays readable.
    expect(files['/var/lib/clamav/daily.cvd']).toMatchObject({ encoding: 'utf8', bytes: 512 });
  });

  it('stores non-text content as base64 and gets the same bytes back', async () => {
    const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xc3, 0x28, 0x0a]);
    const capture = createCaptureHost(createFakeHost({ files: { '/var/log/apt/history.log.1.gz': bytes } }));
    await capture.readFileBytes('/var/log/apt/history.log.1.gz', 1024);
    await writeBundle(join(dir, 'b'), { data: capture.data, agentVersion: '0', capturedAt: new Date(), hostname: 'h' });
    const files = JSON.parse(await readFile(join(dir, 'b', 'files.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(files['/var/log/apt/history.log.1.gz']).toMatchObject({ file: 'files/var/log/apt/history.log.1.gz.b64', encoding: 'base64' });
    const replay = createReplayHost((await loadBundle(join(dir, 'b'))).data);
    expect(await replay.readFileBytes('/var/log/apt/history.log.1.gz', 1024)).toEqual(bytes);
  });

  it('treats what is not in the bundle as missing and lists it as a miss', async () => {
    const capture = createCaptureHost(createFakeHost(spec));
    await capture.which('apt');
    await capture.run('apt', ['list', '--upgradable']);
    await writeBundle(join(dir, 'b'), { data: capture.data, agentVersion: '0', capturedAt: new Date(), hostname: 'h' });
    const replay = createReplayHost((await loadBundle(join(dir, 'b'))).data);
    expect(await replay.run('apt', ['list', '--installed'])).toMatchObject({ exitCode: null, error: expect.stringMatching(/^ENOENT/) });
    expect(await replay.readFile('/etc/os-release')).toBeNull();
    expect(await replay.which('dnf')).toBeNull();
    expect(await replay.listDir('/home')).toBeNull();
    expect(await replay.exists('/etc')).toBe(false);
    await expect(replay.osInfo()).rejects.toThrow(/no os information/);
    expect(replay.misses).toEqual([
      'run: apt list --installed',
      'readFile: /etc/os-release',
      'which: dnf',
      'listDir: /home',
      'exists: /etc',
      'osInfo',
    ]);
  });

  it('refuses a non-empty capture folder, a foreign folder, a newer format and paths outside the bundle', async () => {
    await writeFile(join(dir, 'x'), 'x');
    await expect(
      writeBundle(dir, { data: createCaptureHost(createFakeHost()).data, agentVersion: '0', capturedAt: new Date(), hostname: 'h' }),
    ).rejects.toThrow(/not empty/);
    await expect(loadBundle(join(dir, 'none'))).rejects.toThrow(/could not be read/);
    await mkdir(join(dir, 'b'));
    await writeFile(join(dir, 'b', 'bundle.json'), '{"format":"other"}');
    await expect(loadBundle(join(dir, 'b'))).rejects.toThrow(/not a Safefleet capture bundle/);
    await writeFile(
      join(dir, 'b', 'bundle.json'),
      '{"format":"safefleet-capture-bundle","version":2,"platform":"linux","capturedAt":"2026-01-01T00:00:00Z"}',
    );
    await expect(loadBundle(join(dir, 'b'))).rejects.toThrow(/version 2/);
    await writeFile(
      join(dir, 'b', 'bundle.json'),
      '{"format":"safefleet-capture-bundle","version":1,"platform":"linux","capturedAt":"2026-01-01T00:00:00Z"}',
    );
    await writeFile(join(dir, 'b', 'files.json'), '{"/etc/passwd":{"file":"../x","encoding":"utf8"}}');
    await expect(loadBundle(join(dir, 'b'))).rejects.toThrow(/outside the bundle/);
  });
});

describe('bundle helpers', () => {
  it('mirrors machine paths into safe relative paths and avoids clashes', () => {
    const taken = new Set<string>();
    expect(mirrorPath('/etc/passwd', taken)).toBe('etc/passwd');
    expect(mirrorPath('C:\\Users\\Sam\\AppData\\x.json', taken)).toBe('C/Users/Sam/AppData/x.json');
    expect(mirrorPath('/etc/passwd/inner', taken)).toBe('_/3-inner');
    expect(mirrorPath('/home/../etc', taken)).toBe('home/_../etc');
  });
  it('tells text from binary', () => {
    expect(isPlainText(Buffer.from('a\tb\nc\r\n'))).toBe(true);
    expect(isPlainText(Buffer.from([0x1f, 0x8b]))).toBe(false);
    expect(isPlainText(Buffer.from([0xc3, 0x28]))).toBe(false);
  });
});
