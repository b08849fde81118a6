/**
 * Mutation arbitraries for fuzzing (tests only, not part of the build): take a (mostly) valid value
 * from zod-arbitrary.ts and break it the ways a broken or hostile client would — wrong types,
 * missing and extra keys (`__proto__` included), oversized strings and arrays, deep nesting, huge
 * and non-finite numbers, impossible or far-off dates, control and unpaired-surrogate characters,
 * truncated or padded JSON text, and binary frames (invalid UTF-8).
 */
import fc from 'fast-check';

/** What is sent: a text frame / body, or raw bytes (a binary frame, a body that is not UTF-8). */
export type Payload = { kind: 'text'; text: string; mutation: string } | { kind: 'binary'; bytes: Uint8Array; mutation: string };

/** JSON text spliced in as is (numbers JSON.stringify cannot write, nesting it would recurse on). */
class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify that writes RawJson values verbatim. */
export function serialise(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0000RAW${raws.length - 1}\u0000`;
    }
    return v;
  });
  if (text === undefined) return 'undefined';
  return raws.length === 0 ? text : text.replace(/"\\u0000RAW(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)] ?? 'null');
}

type Path = Array<string | number>;

/** Paths to every node of a JSON value (breadth-first, at most `limit`). */
function pathsOf(value: unknown, limit = 400): Path[] {
  const out: Path[] = [[]];
  const queue: Array<{ v: unknown; p: Path }> = [{ v: value, p: [] }];
  while (queue.length > 0 && out.length < limit) {
    const { v, p } = queue.shift()!;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push([...p, i]);
        queue.push({ v: item, p: [...p, i] });
      });
    } else if (v && typeof v === 'object' && !(v instanceof RawJson)) {
      for (const [k, item] of Object.entries(v)) {
        out.push([...p, k]);
        queue.push({ v: item, p: [...p, k] });
      }
    }
  }
  return out;
}

function getAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

/** A copy of `value` with the node at `path` replaced by fn(node) (fn returning `undefined` deletes it). */
function updateAt(value: unknown, path: Path, fn: (node: unknown) => unknown): unknown {
  if (path.length === 0) return fn(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const next = updateAt(copy[head as number], rest, fn);
    if (next === undefined && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next = updateAt(copy[head as string], rest, fn);
  if (next === undefined && rest.length === 0) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');

/** Strings that have broken parsers, loggers, SQL and HTML before. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    CONTROL,
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff\ud800',
    '\u2028\u2029',
    '\u202e\u2066evil',
    '\ufeff',
    '\uffff\ufffe',
    '🏳️‍🌈👨‍👩‍👧‍👦',
    'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
    "'; DROP TABLE reports; --",
    '" OR 1=1 --',
    '<script>alert(1)</script>',
    '{{constructor.constructor("return process")()}}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
    '${process.exit(1)}',
    '../../../../etc/passwd',
    '%00%ff%',
    'hostname\nforged log line level=error',
    '__proto__',
    'constructor',
    'NaN',
    'Infinity',
    '-0',
    '1e400',
    'null',
    'true',
    'undefined',
    '[object Object]',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...CONTROL, '\\', '"', '\u2028', '\ud800', '\udc00'), maxLength: 30 }),
);

/** Numbers JSON can carry that are still wrong (huge, negative, fractional, -0) and some it cannot. */
const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    -0.000001,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -(Number.MAX_SAFE_INTEGER + 2),
    2 ** 63,
    5e-324,
    4_294_967_296,
  ),
  fc.constantFrom('1e400', '-1e400', `1${'0'.repeat(400)}`, '0.1e-400', '-0.0', '1E+2').map((t) => new RawJson(t)),
  fc.double(),
  fc.integer(),
);

/** Date strings a wrong clock, a bad parser or an attacker produce. */
export const badDate: fc.Arbitrary<string> = fc.constantFrom(
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59Z',
  '2999-01-01T00:00:00.000Z',
  '1900-01-01T00:00:00.000Z',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '2026-02-30T00:00:00.000Z',
  '2026-13-01T00:00:00.000Z',
  '2026-11-21T24:00:00.000Z',
  '2026-11-21',
  '2026-11-21T05:36:42',
  '2026-11-21T05:36:42+25:00',
  'yesterday',
  '',
);

/** Arrays and objects nested `depth` deep, written as raw text (no recursion to build or write). */
const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(32, 200, 2_000, 20_000), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => new RawJson(open === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

/** A value of some JSON type, usually not the one the schema wants. */
export const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  hostileNumber,
  hostileString,
  badDate,
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3, noNullPrototype: true }),
  deepNesting,
);

const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'type', 'id'), hostileString);

/** Sizes just past the protocol's limits (often) and well past them (rarely: they cost megabytes). */
const bigLength = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(21, 51, 101, 201, 321, 501, 1_001, 2_001) },
  { weight: 1, arbitrary: fc.constantFrom(5_001, 20_001, 70_000) },
);

type ValueMutation = (value: unknown, pick: number) => { value: unknown; name: string };

function pickPath(value: unknown, pick: number, filter: (node: unknown, path: Path) => boolean = () => true): Path | undefined {
  const candidates = pathsOf(value).filter((p) => filter(getAt(value, p), p));
  return candidates.length === 0 ? undefined : candidates[pick % candidates.length];
}

/** One structural mutation of a JSON value, at a node chosen by `pick`. */
const valueMutation: fc.Arbitrary<ValueMutation> = fc.oneof(
  wrongTyped.map<ValueMutation>((replacement) => (value, pick) => {
    const path = pickPath(value, pick) ?? [];
    return { value: updateAt(value, path, () => replacement), name: `wrong type at ${path.join('.') || '(root)'}` };
  }),
  fc.constant<ValueMutation>((value, pick) => {
    const path = pickPath(value, pick, (_n, p) => p.length > 0 && typeof p[p.length - 1] === 'string');
    if (!path) return { value, name: 'no key to delete' };
    return { value: updateAt(value, path, () => undefined), name: `missing ${path.join('.')}` };
  }),
  fc.tuple(extraKey, wrongTyped).map<ValueMutation>(([key, extra]) => (value, pick) => {
    const path = pickPath(value, pick, (n) => !!n && typeof n === 'object' && !Array.isArray(n) && !(n instanceof RawJson)) ?? [];
    return {
      value: updateAt(value, path, (node) => {
        const copy = { ...(node as Record<string, unknown>) };
        Object.defineProperty(copy, key, { value: extra, enumerable: true, configurable: true, writable: true });
        return copy;
      }),
      name: `extra key ${JSON.stringify(key).slice(0, 30)}`,
    };
  }),
  bigLength.map<ValueMutation>((length) => (value, pick) => {
    const path = pickPath(value, pick, (n) => typeof n === 'string' || Array.isArray(n));
    if (!path) return { value, name: 'nothing to oversize' };
    return {
      value: updateAt(value, path, (node) => {
        if (typeof node === 'string') return (node || 'x').repeat(Math.ceil(length / Math.max(1, node.length))).slice(0, length);
        const items = node as unknown[];
        return Array.from({ length: Math.min(length, 25_000) }, (_, i) => items[i % Math.max(1, items.length)] ?? i);
      }),
      name: `oversized ${path.join('.') || '(root)'} to ${length}`,
    };
  }),
  badDate.map<ValueMutation>((date) => (value, pick) => {
    const path = pickPath(value, pick, (n) => typeof n === 'string');
    if (!path) return { value, name: 'no string for a date' };
    return { value: updateAt(value, path, () => date), name: `date ${date} at ${path.join('.')}` };
  }),
  hostileString.map<ValueMutation>((text) => (value, pick) => {
    const path = pickPath(value, pick, (n) => typeof n === 'string');
    if (!path) return { value, name: 'no string to replace' };
    return { value: updateAt(value, path, () => text), name: `hostile string at ${path.join('.')}` };
  }),
  hostileNumber.map<ValueMutation>((n) => (value, pick) => {
    const path = pickPath(value, pick, (node) => typeof node === 'number') ?? pickPath(value, pick) ?? [];
    return { value: updateAt(value, path, () => n), name: `number ${n instanceof RawJson ? n.text : String(n)} at ${path.join('.')}` };
  }),
);

type TextMutation = (text: string, pick: number) => { text: string; name: string };

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.constant<TextMutation>((text, pick) => ({ text: text.slice(0, pick % Math.max(1, text.length)), name: 'truncated' })),
  fc.constantFrom<TextMutation>(
    (text) => ({ text: `\ufeff${text}`, name: 'byte-order mark' }),
    (text) => ({ text: `${text}}`, name: 'trailing brace' }),
    (text) => ({ text: `${text} ${text}`, name: 'two documents' }),
    (text) => ({ text: `  \n\t${text}\n`, name: 'whitespace padding' }),
    (text) => ({ text: text.replace('{', '{"type":"hello","type":"report",'), name: 'duplicate keys' }),
    (text) => ({ text: text.replace(/"/g, "'"), name: 'single quotes' }),
    (text) => ({ text: text.replace(/:/, ': NaN, "n":'), name: 'NaN literal' }),
  ),
  fc.tuple(fc.nat(), hostileString).map<TextMutation>(([at, s]) => (text) => {
    const i = at % (text.length + 1);
    return { text: text.slice(0, i) + s + text.slice(i), name: 'bytes inserted' };
  }),
);

/** Frames/bodies that are not the value at all. */
const junk: fc.Arbitrary<Payload> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map<Payload>((bytes) => ({ kind: 'binary', bytes, mutation: 'random bytes' })),
  fc.constantFrom<Payload>(
    { kind: 'binary', bytes: Uint8Array.from([0xff, 0xfe, 0x7b, 0x7d]), mutation: 'invalid UTF-8' },
    { kind: 'binary', bytes: Uint8Array.from([0xc3, 0x28, 0x7b, 0x22, 0x74, 0x22, 0x7d]), mutation: 'invalid UTF-8 JSON' },
    { kind: 'text', text: '', mutation: 'empty' },
    { kind: 'text', text: 'null', mutation: 'null' },
    { kind: 'text', text: '[]', mutation: 'array' },
    { kind: 'text', text: '"report"', mutation: 'string' },
    { kind: 'text', text: '{}', mutation: 'empty object' },
    { kind: 'text', text: '{"type":null}', mutation: 'null type' },
    { kind: 'text', text: '{"type":["report"]}', mutation: 'array type' },
    { kind: 'text', text: '{"__proto__":{"type":"report"}}', mutation: 'type on the prototype' },
    { kind: 'text', text: `{"type":"${'x'.repeat(100_000)}"}`, mutation: 'huge unknown type' },
  ),
  fc.jsonValue({ maxDepth: 3 }).map<Payload>((v) => ({ kind: 'text', text: JSON.stringify(v) ?? 'null', mutation: 'any JSON' })),
  fc.string({ unit: 'binary', maxLength: 200 }).map<Payload>((text) => ({ kind: 'text', text, mutation: 'any text' })),
);

/** `valid` with one to three structural mutations (the value may hold raw JSON: write it with serialise). */
export function mutatedValue(valid: fc.Arbitrary<unknown>): fc.Arbitrary<{ value: unknown; name: string }> {
  return fc.tuple(valid, fc.array(fc.tuple(valueMutation, fc.nat()), { minLength: 1, maxLength: 3 })).map(([value, ms]) => {
    let v = value;
    const names: string[] = [];
    for (const [m, pick] of ms) {
      const r = m(v, pick);
      v = r.value;
      names.push(r.name);
    }
    return { value: v, name: names.join(' + ') };
  });
}

/** Raw JSON text inside a mutated value (a number JSON.stringify cannot write, deep nesting), else undefined. */
export function rawTextOf(value: unknown): string | undefined {
  return value instanceof RawJson ? value.text : undefined;
}

export interface PayloadOptions {
  /** Weight of unmutated valid values (default 2, of about 14). */
  validWeight?: number;
}

/**
 * Payloads built from `valid`: the value itself, one to three structural mutations, a text
 * mutation of its JSON, the JSON as a binary frame, or junk. Each payload names its mutation.
 */
export function payloadArbitrary(valid: fc.Arbitrary<unknown>, options: PayloadOptions = {}): fc.Arbitrary<Payload> {
  const mutated = mutatedValue(valid);
  return fc.oneof(
    { weight: options.validWeight ?? 2, arbitrary: valid.map<Payload>((v) => ({ kind: 'text', text: serialise(v), mutation: 'valid' })) },
    { weight: 7, arbitrary: mutated.map<Payload>(({ value, name }) => ({ kind: 'text', text: serialise(value), mutation: name })) },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, textMutation, fc.nat()).map<Payload>(([v, m, pick]) => {
        const r = m(serialise(v), pick);
        return { kind: 'text', text: r.text, mutation: r.name };
      }),
    },
    { weight: 1, arbitrary: valid.map<Payload>((v) => ({ kind: 'binary', bytes: Buffer.from(serialise(v)), mutation: 'valid JSON as binary' })) },
    { weight: 2, arbitrary: junk },
  );
}
