// Acceptance (issue 14): `dist:agent` builds the win-x64 and darwin-x64 programs; each is a valid PE /
// Mach-O file for its CPU, with the vendor signature taken off and the SEA blob injected. Where wine64
// is installed (Debian package wine64), the Windows program runs: --version and check --replay on a
// Windows capture bundle, compared with the same check run by node here.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentRelease, agentReleaseStatement } from '@safefleet/protocol';
// @ts-expect-error plain .mjs without types
import { inspectProgram, readMachO, readPe } from './executables.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const AGENT = join(here, '..');
const WINE = ['/usr/lib/wine/wine64', '/usr/bin/wine64'].find((p) => existsSync(p));
const buildable = process.platform === 'linux' && process.arch === 'x64';

describe.skipIf(!buildable)('dist:agent for Windows and macOS', { timeout: 900_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'safefleet-dist-test-'));
  let release: AgentRelease;
  let blob: Buffer;

  beforeAll(() => {
    execFileSync(process.execPath, [join(here, 'dist-agent.mjs'), '--targets', 'win-x64,darwin-x64', '--out', out, '--key-dir', join(out, 'key')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    release = AgentRelease.parse(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    blob = readFileSync(join(out, 'build', 'sea.blob'));
  }, 900_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes both programs with size, SHA-256 and a signature that verifies, and SHA256SUMS', () => {
    expect(release.files.map((f) => [f.target, f.file])).toEqual([
      ['win-x64', 'safefleet-agent-win-x64.exe'],
      ['darwin-x64', 'safefleet-agent-darwin-x64'],
    ]);
    const key = createPublicKey({ key: Buffer.from(release.publicKey, 'base64'), format: 'der', type: 'spki' });
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
    for (const f of release.files) {
      const body = readFileSync(join(out, f.file));
      expect(body.length).toBe(f.size);
      expect(createHash('sha256').update(body).digest('hex')).toBe(f.sha256);
      expect(verify(null, Buffer.from(agentReleaseStatement({ version: release.version, ...f })), key, Buffer.from(f.signature, 'base64'))).toBe(
        true,
      );
      expect(sums).toContain(`${f.sha256}  ${f.file}\n`);
    }
    expect(readFileSync(join(out, 'key', 'release-key.pub'), 'utf8').trim()).toBe(release.publicKey);
  });

  it('win-x64 is a PE32+ AMD64 program with the blob in its resources and no stale Authenticode table', () => {
    const body = readFileSync(join(out, 'safefleet-agent-win-x64.exe'));
    expect(inspectProgram('win-x64', body, blob)).toEqual([
      'SEA fuse set',
      expect.stringMatching(/^PE32\+ AMD64, \d+ sections, Authenticode table absent$/),
      `blob (${blob.length} bytes) inside .rsrc`,
    ]);
    expect(readPe(body).security.size).toBe(0);
  });

  it('darwin-x64 is an x86_64 Mach-O program with the NODE_SEA segment and its old code signature removed', () => {
    const body = readFileSync(join(out, 'safefleet-agent-darwin-x64'));
    expect(inspectProgram('darwin-x64', body, blob)).toEqual([
      'SEA fuse set',
      expect.stringMatching(/^Mach-O x86_64, \d+ load commands, code signature absent$/),
      `blob (${blob.length} bytes) in NODE_SEA,__NODE_SEA_BLOB`,
    ]);
    expect(readMachO(body).signature).toBeUndefined();
  });

  // Wine hands node a broken pipe for stdout, so output goes to a file (as a service's log would).
  const wine = (args: string[]) => {
    const file = join(out, `wine-${args[0]}.txt`);
    const fd = openSync(file, 'w');
    const r = spawnSync(WINE!, [join(out, 'safefleet-agent-win-x64.exe'), ...args], {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, WINEDEBUG: '-all', WINEPREFIX: join(out, 'wineprefix') },
      timeout: 300_000,
    });
    closeSync(fd);
    return { code: r.status, out: readFileSync(file, 'utf8').replace(/\r\n/g, '\n') };
  };

  it.skipIf(!WINE)('under wine64: --version, and check --replay on a Windows bundle says what node says', () => {
    // Node refuses Windows 7, wine's default: tell wine to be Windows 10.
    spawnSync(WINE!, ['winecfg', '-v', 'win10'], {
      env: { ...process.env, WINEDEBUG: '-all', WINEPREFIX: join(out, 'wineprefix') },
      stdio: 'ignore',
      timeout: 300_000,
    });
    expect(wine(['--version'])).toEqual({ code: 0, out: `safefleet-agent ${release.version}\n` });
    const bundle = join(AGENT, 'test-bundles', 'windows-11-defender');
    const underWine = wine(['check', '--replay', `Z:${bundle.replace(/\//g, '\\')}`]);
    const here = spawnSync(process.execPath, [join(AGENT, 'bin', 'safefleet-agent.js'), 'check', '--replay', bundle], { encoding: 'utf8' });
    expect(underWine.out).toContain('PASS     Antivirus');
    expect(underWine).toEqual({ code: here.status, out: here.stdout + here.stderr });
  });
});

if (!WINE) console.warn('wine64 is not installed: the Windows program was checked as a file only (apt package wine64)');
