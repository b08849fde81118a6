/**
 * fast-check arbitraries derived from the protocol's zod schemas (fuzz tests only, not part of the
 * build). The generated values are *mostly* valid: string lengths, number bounds, integer-ness,
 * formats (ISO date-time, uuid, email and other regex formats), enums, literals, optional and
 * nullable fields and array bounds are followed; refinements are not (a value that fails one is just
 * another fuzz case). Arrays and strings are kept short so a case is cheap; the mutation
 * arbitraries in mutations.ts make the oversized and wrongly typed ones on purpose.
 */
import fc from 'fast-check';
import type { z } from 'zod';

export interface ZodArbitraryOptions {
  /** Longest generated array (the schema's own maximum when smaller). Default 3. */
  maxArray?: number;
  /** Longest generated free-text string (the schema's own maximum when smaller). Default 24. */
  maxString?: number;
  /** Depth past which lazy (recursive) schemas stop. Default 3. */
  maxDepth?: number;
}

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  [key: string]: unknown;
}

function defOf(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function checksOf(schema: AnySchema): CheckDef[] {
  const checks = (defOf(schema).checks ?? []) as Array<{ _zod: { def: CheckDef } }>;
  return checks.map((c) => c._zod.def);
}

/** True when an object key with this schema may be left out (optional, default, prefault). */
export function isOptionalKey(schema: AnySchema): boolean {
  return (schema as unknown as { _zod: { optin?: string } })._zod.optin === 'optional';
}

/** Dates the generator uses for ISO date-times: a sane window, so a generated report is plausible. */
const DATE_MIN = new Date('2000-01-01T00:00:00.000Z');
const DATE_MAX = new Date('2030-12-31T23:59:59.999Z');

const isoDateTime = fc.date({ min: DATE_MIN, max: DATE_MAX, noInvalidDate: true }).map((d) => d.toISOString());

function stringArbitrary(schema: AnySchema, o: Required<ZodArbitraryOptions>): fc.Arbitrary<string> {
  const s = schema as unknown as { minLength: number | null; maxLength: number | null; format: string | null };
  const def = defOf(schema);
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Number.POSITIVE_INFINITY;
  const regexCheck = checksOf(schema).find((c) => c.check === 'string_format' && c.format === 'regex');
  if (regexCheck) return fc.stringMatching(regexCheck.pattern as RegExp);
  const format = s.format ?? (def.format as string | undefined);
  if (format === 'datetime') return isoDateTime;
  if (format === 'date') return isoDateTime.map((d) => d.slice(0, 10));
  if (format === 'uuid' || format === 'guid') return fc.uuid();
  if (format === 'url') return fc.webUrl({ size: 'xsmall' }).filter((u) => u.length <= max);
  if (def.pattern instanceof RegExp) return fc.stringMatching(def.pattern).filter((v) => v.length >= min && v.length <= max);
  if (format === 'email') return fc.emailAddress({ size: 'xsmall' }).filter((e) => e.length >= min && e.length <= max);
  const hi = Math.max(min, Math.min(max, min + o.maxString));
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: hi }) },
    { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: hi, unit: 'binary' }) },
  );
}

function numberArbitrary(schema: AnySchema): fc.Arbitrary<number> {
  const n = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean | null };
  const checks = checksOf(schema);
  const exclusiveMin = checks.some((c) => c.check === 'greater_than' && c.inclusive === false);
  const exclusiveMax = checks.some((c) => c.check === 'less_than' && c.inclusive === false);
  const isInt = n.isInt === true || checks.some((c) => c.check === 'number_format' && String(c.format).includes('int'));
  let min = n.minValue ?? Number.NEGATIVE_INFINITY;
  let max = n.maxValue ?? Number.POSITIVE_INFINITY;
  if (isInt) {
    min = Number.isFinite(min) ? Math.ceil(exclusiveMin ? min + 1 : min) : -1_000_000_000;
    max = Number.isFinite(max) ? Math.floor(exclusiveMax ? max - 1 : max) : 1_000_000_000;
    return fc.integer({ min, max: Math.max(min, max) });
  }
  return fc.double({
    min: Number.isFinite(min) ? min : -1e12,
    max: Number.isFinite(max) ? max : 1e12,
    minExcluded: exclusiveMin,
    maxExcluded: exclusiveMax,
    noNaN: true,
    noDefaultInfinity: true,
  });
}

/** A small JSON value, for z.unknown()/z.any() fields. */
export const smallJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2, depthSize: 'xsmall' });

function build(schema: AnySchema, o: Required<ZodArbitraryOptions>, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (s: unknown) => build(s as AnySchema, o, depth);
  switch (def.type) {
    case 'string':
      return stringArbitrary(schema, o);
    case 'number':
      return numberArbitrary(schema);
    case 'int':
      return fc.integer();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case 'unknown':
    case 'any':
      return smallJson;
    case 'never':
      return fc.constant(undefined);
    case 'date':
      return fc.date({ min: DATE_MIN, max: DATE_MAX, noInvalidDate: true });
    case 'bigint':
      return fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n });
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
    case 'success':
      return inner(def.innerType);
    case 'pipe':
      // The input side is what a client sends (a transform's output is the server's business).
      return inner(def.in);
    case 'lazy':
      return depth >= o.maxDepth ? fc.constant(null) : build((def.getter as () => AnySchema)(), o, depth + 1);
    case 'union':
      return fc.oneof(...(def.options as AnySchema[]).map((opt) => inner(opt)));
    case 'intersection':
      return fc
        .tuple(inner(def.left), inner(def.right))
        .map(([a, b]) => (a && b && typeof a === 'object' && typeof b === 'object' ? { ...a, ...b } : a));
    case 'tuple':
      return fc.tuple(...(def.items as AnySchema[]).map((item) => inner(item)));
    case 'array': {
      const checks = checksOf(schema);
      const min = Number(checks.find((c) => c.check === 'min_length')?.minimum ?? 0);
      const max = Number(checks.find((c) => c.check === 'max_length')?.maximum ?? Number.POSITIVE_INFINITY);
      const exact = checks.find((c) => c.check === 'length_equals')?.length;
      if (typeof exact === 'number') return fc.array(inner(def.element), { minLength: exact, maxLength: exact });
      return fc.array(inner(def.element), { minLength: min, maxLength: Math.max(min, Math.min(max, min + o.maxArray)) });
    }
    case 'set':
      return fc.array(inner(def.valueType), { maxLength: o.maxArray }).map((a) => new Set(a));
    case 'record': {
      const keyDef = defOf(def.keyType as AnySchema);
      const value = inner(def.valueType);
      if (keyDef.type === 'enum' || keyDef.type === 'literal') {
        const keys = keyDef.type === 'enum' ? Object.values(keyDef.entries as Record<string, string>) : (keyDef.values as string[]);
        return fc.record(Object.fromEntries(keys.map((k) => [String(k), value])), { requiredKeys: [] });
      }
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value, { maxKeys: o.maxArray, noNullPrototype: true });
    }
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [key, field] of Object.entries(shape)) {
        model[key] = build(field, o, depth);
        if (!isOptionalKey(field)) required.push(key);
      }
      return fc.record(model, { requiredKeys: required, noNullPrototype: true }).map((value) => {
        // An optional key generated as `undefined` is left out, as JSON would.
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
        return out;
      });
    }
    default:
      // custom, transform, promise, function, template_literal…: nothing sensible to derive.
      return smallJson;
  }
}

/** An arbitrary of (mostly) valid inputs of `schema`. */
export function zodArbitrary(schema: AnySchema, options: ZodArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const o: Required<ZodArbitraryOptions> = { maxArray: 3, maxString: 24, maxDepth: 3, ...options };
  return build(schema, o, 0);
}
