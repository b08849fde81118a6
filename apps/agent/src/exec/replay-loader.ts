/** Reads a bundle directory written by capture-writer.ts (or by hand) back into a CaptureData. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPUTER_PLATFORMS } from '@safefleet/protocol';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  emptyCaptureData,
  isSafeRelative,
  type BundleMeta,
  type CaptureData,
  type CapturedCommand,
} from './capture-format.js';
import type { OsInfoData } from './capture-os-info.js';
import type { HostPlatform } from './host.js';

/** The bundle cannot be used; the message says why, in words for people. */
export class BundleError extends Error {}

export interface LoadedBundle {
  meta: BundleMeta;
  data: CaptureData;
}

const PLATFORMS: readonly HostPlatform[] = COMPUTER_PLATFORMS;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

export async function loadBundle(dir: string): Promise<LoadedBundle> {
  const readText = async (rel: string, required: boolean): Promise<string | null> => {
    if (!isSafeRelative(rel)) throw new BundleError(`the bundle refers to ${JSON.stringify(rel)}, which is outside the bundle folder`);
    try {
      return await readFile(join(dir, ...rel.split('/')), 'utf8');
    } catch (e) {
      if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new BundleError(`${join(dir, rel)} could not be read: ${(e as Error).message}`);
    }
  };
  const readJson = async (rel: string, required: boolean): Promise<unknown> => {
    const text = await readText(rel, required);
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new BundleError(`${join(dir, rel)} is not valid JSON: ${(e as Error).message}`);
    }
  };

  const meta = await readJson('bundle.json', true);
  if (!isObj(meta) || meta.format !== BUNDLE_FORMAT)
    throw new BundleError(`${dir} is not a Safefleet capture bundle (bundle.json has no "format": "${BUNDLE_FORMAT}")`);
  if (typeof meta.version !== 'number' || meta.version > BUNDLE_VERSION) {
    throw new BundleError(`the bundle is format version ${String(meta.version)}; this agent reads up to version ${BUNDLE_VERSION}`);
  }
  if (!PLATFORMS.includes(meta.platform as HostPlatform)) throw new BundleError(`bundle.json: unknown platform ${JSON.stringify(meta.platform)}`);
  if (typeof meta.capturedAt !== 'string' || Number.isNaN(Date.parse(meta.capturedAt)))
    throw new BundleError('bundle.json: capturedAt is not a date');
  const data = emptyCaptureData(meta.platform as HostPlatform);

  const commands = (await readJson('commands.json', false)) ?? [];
  if (!Array.isArray(commands)) throw new BundleError('commands.json must be a list');
  for (const [i, c] of commands.entries()) {
    if (!isObj(c) || typeof c.file !== 'string' || !isStrings(c.args)) throw new BundleError(`commands.json entry ${i + 1} needs "file" and "args"`);
    const text = async (name: 'stdout' | 'stderr') => {
      const file = c[`${name}File`];
      if (typeof file === 'string') return (await readText(file, true)) ?? '';
      return typeof c[name] === 'string' ? (c[name] as string) : '';
    };
    const exitCode = c.exitCode === null || typeof c.exitCode === 'number' ? c.exitCode : c.error ? null : 0;
    const entry: CapturedCommand = { file: c.file, args: c.args, stdout: await text('stdout'), stderr: await text('stderr'), exitCode };
    if (typeof c.uid === 'number') entry.uid = c.uid;
    if (typeof c.gid === 'number') entry.gid = c.gid;
    if (typeof c.error === 'string') entry.error = c.error;
    if (c.timedOut === true) entry.timedOut = true;
    if (c.truncated === true) entry.truncated = true;
    data.commands.push(entry);
  }

  const files = (await readJson('files.json', false)) ?? {};
  if (!isObj(files)) throw new BundleError('files.json must be an object keyed by path');
  for (const [path, f] of Object.entries(files)) {
    if (!isObj(f)) throw new BundleError(`files.json: bad entry for ${path}`);
    if (f.missing === true) {
      data.files.set(path, { missing: true });
      continue;
    }
    if (typeof f.file !== 'string') throw new BundleError(`files.json: ${path} needs "file" or "missing": true`);
    const stored = (await readText(f.file, true)) ?? '';
    const content = f.encoding === 'base64' ? Buffer.from(stored.replace(/\s+/g, ''), 'base64') : Buffer.from(stored, 'utf8');
    data.files.set(path, { content, ...(typeof f.redacted === 'string' ? { redacted: f.redacted } : {}) });
  }

  const lookups = (await readJson('lookups.json', false)) ?? {};
  if (!isObj(lookups)) throw new BundleError('lookups.json must be an object');
  for (const [name, v] of Object.entries(isObj(lookups.which) ? lookups.which : {})) data.which.set(name, typeof v === 'string' ? v : null);
  for (const [path, v] of Object.entries(isObj(lookups.exists) ? lookups.exists : {})) data.exists.set(path, v === true);
  for (const [path, v] of Object.entries(isObj(lookups.dirs) ? lookups.dirs : {})) data.dirs.set(path, isStrings(v) ? [...v].sort() : null);

  const osInfo = await readJson('os-info.json', false);
  if (isObj(osInfo)) data.osInfo = osInfo as OsInfoData | { error: string };

  const bundleMeta: BundleMeta = {
    format: BUNDLE_FORMAT,
    version: meta.version,
    platform: data.platform,
    agentVersion: typeof meta.agentVersion === 'string' ? meta.agentVersion : 'unknown',
    capturedAt: new Date(meta.capturedAt).toISOString(),
    hostname: typeof meta.hostname === 'string' ? meta.hostname : '',
    ...(typeof meta.timeZone === 'string' && /^[\w+-]+(\/[\w+-]+)*$/.test(meta.timeZone) ? { timeZone: meta.timeZone } : {}),
    redactions: isStrings(meta.redactions) ? meta.redactions : [],
    ...(typeof meta.note === 'string' ? { note: meta.note } : {}),
  };
  return { meta: bundleMeta, data };
}
