/**
 * A small reader for Apple XML property lists (the text form of .plist files, `dscl -read`
 * attribute values, `plutil -convert xml1` output). parsePlistXml is pure: text in, plain values
 * out (<date> becomes a Date, <data> its base64 text). Binary plists ("bplist00…") are turned
 * into XML by `plutil -convert xml1 -o - <file>` through the Host (readPlistFile).
 */
import type { Host } from './host.js';

export type PlistValue = string | number | boolean | Date | PlistValue[] | { [key: string]: PlistValue };
export type PlistDict = { [key: string]: PlistValue };

/** The top-level value of an XML plist, or null when the text is not one (or is malformed). */
export function parsePlistXml(text: string): PlistValue | null {
  const start = text.indexOf('<plist');
  if (start < 0) return null;
  try {
    const tokens = tokenize(text.slice(start));
    const pos = { i: 0 };
    const open = tokens[pos.i];
    if (open?.kind !== 'open' || open.name !== 'plist') return null;
    pos.i++;
    if (tokens[pos.i]?.kind === 'close') return null; // <plist></plist>: empty
    return readValue(tokens, pos);
  } catch {
    return null;
  }
}

/** The top-level dict of an XML plist, or null. */
export function parsePlistDict(text: string): PlistDict | null {
  const v = parsePlistXml(text);
  return isDict(v) ? v : null;
}

export function isDict(v: PlistValue | null | undefined): v is PlistDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** True for the binary plist format, which parsePlistXml does not read. */
export function isBinaryPlist(text: string | Buffer): boolean {
  const head = typeof text === 'string' ? text.slice(0, 8) : text.subarray(0, 8).toString('latin1');
  return head.startsWith('bplist');
}

type Token = { kind: 'open'; name: string } | { kind: 'close'; name: string } | { kind: 'empty'; name: string } | { kind: 'text'; text: string };

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) tokens.push({ kind: 'text', text: xml.slice(i, textEnd) });
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      i = end < 0 ? xml.length : end + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    const inner = xml.slice(lt + 1, gt).trim();
    i = gt + 1;
    if (inner.startsWith('?') || inner.startsWith('!')) continue;
    if (inner.startsWith('/')) tokens.push({ kind: 'close', name: inner.slice(1).trim() });
    else if (inner.endsWith('/')) tokens.push({ kind: 'empty', name: tagName(inner.slice(0, -1)) });
    else tokens.push({ kind: 'open', name: tagName(inner) });
  }
  return tokens;
}

const tagName = (inner: string) => inner.trim().split(/\s+/)[0] ?? '';

function skipSpace(tokens: Token[], pos: { i: number }): void {
  while (tokens[pos.i]?.kind === 'text' && (tokens[pos.i] as { text: string }).text.trim() === '') pos.i++;
}

function readValue(tokens: Token[], pos: { i: number }): PlistValue {
  skipSpace(tokens, pos);
  const t = tokens[pos.i++];
  if (!t) throw new Error('unexpected end');
  if (t.kind === 'empty') return emptyValue(t.name);
  if (t.kind !== 'open') throw new Error(`unexpected ${t.kind}`);
  if (t.name === 'dict') return readDict(tokens, pos);
  if (t.name === 'array') return readArray(tokens, pos);
  const text = readText(tokens, pos, t.name);
  return scalar(t.name, text);
}

function emptyValue(name: string): PlistValue {
  if (name === 'true') return true;
  if (name === 'false') return false;
  if (name === 'dict') return {};
  if (name === 'array') return [];
  return scalar(name, '');
}

function readText(tokens: Token[], pos: { i: number }, name: string): string {
  let text = '';
  while (tokens[pos.i]?.kind === 'text') text += (tokens[pos.i++] as { text: string }).text;
  const close = tokens[pos.i++];
  if (close?.kind !== 'close' || close.name !== name) throw new Error(`missing </${name}>`);
  return decodeEntities(text);
}

function scalar(name: string, text: string): PlistValue {
  switch (name) {
    case 'string':
    case 'key':
      return text;
    case 'integer':
    case 'real': {
      const n = Number(text.trim());
      if (!Number.isFinite(n)) throw new Error(`bad number ${text}`);
      return n;
    }
    case 'date': {
      const d = new Date(text.trim());
      if (Number.isNaN(d.getTime())) throw new Error(`bad date ${text}`);
      return d;
    }
    case 'data':
      return text.replace(/\s+/g, '');
    default:
      throw new Error(`unknown element <${name}>`);
  }
}

function readDict(tokens: Token[], pos: { i: number }): PlistDict {
  const dict: PlistDict = {};
  for (;;) {
    skipSpace(tokens, pos);
    const t = tokens[pos.i];
    if (!t) throw new Error('unterminated dict');
    if (t.kind === 'close' && t.name === 'dict') {
      pos.i++;
      return dict;
    }
    if (t.kind !== 'open' || t.name !== 'key') throw new Error('dict entry without <key>');
    pos.i++;
    const key = readText(tokens, pos, 'key');
    dict[key] = readValue(tokens, pos);
  }
}

function readArray(tokens: Token[], pos: { i: number }): PlistValue[] {
  const out: PlistValue[] = [];
  for (;;) {
    skipSpace(tokens, pos);
    const t = tokens[pos.i];
    if (!t) throw new Error('unterminated array');
    if (t.kind === 'close' && t.name === 'array') {
      pos.i++;
      return out;
    }
    out.push(readValue(tokens, pos));
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ent: string) => {
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    return ENTITIES[ent] ?? whole;
  });
}

export const plutilXmlArgs = (path: string) => ['-convert', 'xml1', '-o', '-', path];

/**
 * A plist file read through the Host: XML text is parsed directly; a binary plist is converted
 * with `plutil -convert xml1 -o - <path>`. null when missing, unreadable or not a plist.
 */
export async function readPlistFile(host: Host, path: string, maxBytes = 4 * 1024 * 1024): Promise<PlistValue | null> {
  const text = await host.readFile(path, { maxBytes });
  if (text === null) return null;
  if (!isBinaryPlist(text)) return parsePlistXml(text);
  const r = await host.run('plutil', plutilXmlArgs(path), { timeoutMs: 15_000 });
  return r.exitCode === 0 ? parsePlistXml(r.stdout) : null;
}
