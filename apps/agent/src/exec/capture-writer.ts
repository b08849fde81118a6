/**
 * Writes a CaptureData as a bundle directory (layout: docs/capture-bundles.md):
 *   bundle.json   format, version, platform, agentVersion, capturedAt, hostname, redactions
 *   commands.json every run(): file, args, uid/gid, exit code, error; stdout/stderr inline when
 *                 short, else in commands/NNN-<program>.stdout.txt|.stderr.txt
 *   files.json    every file read: machine path → stored file (text as is, binary as base64),
 *                 or { missing: true }
 *   lookups.json  which(), exists() and listDir() answers
 *   os-info.json  systeminformation osInfo(), when a collector asked for it
 *   facts.json    the facts this capture reported (for people; replay does not read it)
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { commandLine } from './host.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, isPlainText, mirrorPath, programName, type BundleMeta, type CaptureData } from './capture-format.js';

export interface WriteBundleInput {
  data: CaptureData;
  agentVersion: string;
  capturedAt: Date;
  hostname: string;
  /** Default: this process's time zone. */
  timeZone?: string;
  note?: string;
  facts?: unknown;
}

/** Output longer than this, or on more than one line, goes to its own file. */
const INLINE_MAX = 120;

export async function writeBundle(dir: string, input: WriteBundleInput): Promise<void> {
  const existing = await readdir(dir).catch(() => null);
  if (existing && existing.length > 0) throw new Error(`${dir} is not empty; choose a new folder for the capture`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const put = async (rel: string, content: string | Buffer) => {
    const path = join(dir, ...rel.split('/'));
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, content, { mode: 0o600 });
  };
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const { data } = input;

  const redactions = [...new Set([...data.files.values()].flatMap((f) => ('redacted' in f && f.redacted ? [f.redacted] : [])))];
  const meta: BundleMeta = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    platform: data.platform,
    agentVersion: input.agentVersion,
    capturedAt: input.capturedAt.toISOString(),
    hostname: input.hostname,
    timeZone: input.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    redactions,
    ...(input.note ? { note: input.note } : {}),
  };
  await put('bundle.json', json(meta));

  const commands = [];
  for (const [i, c] of data.commands.entries()) {
    const { stdout, stderr, ...rest } = c;
    const stem = `commands/${String(i + 1).padStart(3, '0')}-${programName(c.file).replace(/[^\w.-]/g, '_')}`;
    // `line` is for people reading the file; replay matches on file, args and uid.
    const out: Record<string, unknown> = { line: commandLine(c.file, c.args), ...rest };
    for (const [name, text] of [
      ['stdout', stdout],
      ['stderr', stderr],
    ] as const) {
      if (text.length <= INLINE_MAX && !text.replace(/\n$/, '').includes('\n')) out[name] = text;
      else {
        out[`${name}File`] = `${stem}.${name}.txt`;
        await put(`${stem}.${name}.txt`, text);
      }
    }
    commands.push(out);
  }
  await put('commands.json', json(commands));

  const taken = new Set<string>();
  const files: Record<string, unknown> = {};
  for (const path of [...data.files.keys()].sort()) {
    const f = data.files.get(path)!;
    if ('missing' in f) {
      files[path] = { missing: true };
      continue;
    }
    const text = isPlainText(f.content);
    const rel = `files/${mirrorPath(path, taken)}${text ? '' : '.b64'}`;
    await put(rel, text ? f.content : `${(f.content.toString('base64').match(/.{1,76}/g) ?? []).join('\n')}\n`);
    files[path] = { file: rel, encoding: text ? 'utf8' : 'base64', bytes: f.content.length, ...(f.redacted ? { redacted: f.redacted } : {}) };
  }
  await put('files.json', json(files));

  const sorted = <T>(m: Map<string, T>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
  await put('lookups.json', json({ which: sorted(data.which), exists: sorted(data.exists), dirs: sorted(data.dirs) }));
  if (data.osInfo) await put('os-info.json', json(data.osInfo));
  if (input.facts !== undefined) await put('facts.json', json(input.facts));
}
