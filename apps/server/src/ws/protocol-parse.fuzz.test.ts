// Fuzzing the protocol's own parsing, in process (cheap, so most cases are here): every generated
// or mutated agent frame and API body is parsed without throwing; an agent message that parses is
// stable (written back as JSON it parses to the same value, as the console stores and reads it); and the
// generators themselves produce values their schema accepts (so the end-to-end fuzzers reach the
// code behind validation, not only the validation).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as protocol from '@safefleet/protocol';
import { AgentMessage, Facts, parseAgentMessage, type RouteDef } from '@safefleet/protocol';
import { cases, FUZZ_SEED, fuzzTimeout, report } from '../test-support/fuzz/budget.js';
import { payloadArbitrary } from '../test-support/fuzz/mutations.js';
import { zodArbitrary } from '../test-support/fuzz/zod-arbitrary.js';

const FRAME_CASES = cases(8_000);
const BODY_CASES = cases(4_000);

function bodySchemas(): Array<[string, NonNullable<RouteDef['body']>]> {
  const out: Array<[string, NonNullable<RouteDef['body']>]> = [];
  for (const [name, value] of Object.entries(protocol)) {
    if (!name.endsWith('Api') || !value || typeof value !== 'object') continue;
    for (const r of Object.values(value as Record<string, RouteDef>)) {
      if (r?.body) out.push([`${r.method} ${r.path}`, r.body]);
      if (r?.query) out.push([`${r.method} ${r.path} (query)`, r.query]);
    }
  }
  return out;
}

describe('fuzzing protocol parsing (in process)', () => {
  it('the zod-derived generators make values their schemas accept (most of the time)', () => {
    const sample = fc.sample(zodArbitrary(AgentMessage), { numRuns: 200, seed: FUZZ_SEED });
    expect(sample.filter((m) => AgentMessage.safeParse(m).success).length).toBeGreaterThan(190);
    const facts = fc.sample(zodArbitrary(Facts), { numRuns: 50, seed: FUZZ_SEED });
    expect(facts.every((f) => Facts.safeParse(f).success)).toBe(true);
    for (const [route, schema] of bodySchemas()) {
      const values = fc.sample(zodArbitrary(schema), { numRuns: 200, seed: FUZZ_SEED });
      // Refinements (a referral names who it was made to, a real time zone) are not derived, so some
      // schemas pass less often: the lowest, PUT /api/organisation, passed 64–88 of 200 over 42 seeds.
      // 40 samples with "more than 8" failed on one seed in CI (7): 200 samples keep the bound far
      // from the spread while still catching a generator that has stopped making valid values.
      expect(values.filter((v) => schema.safeParse(v).success).length, route).toBeGreaterThan(30);
    }
  });

  it(
    `parses ${FRAME_CASES.toLocaleString('en-GB')} mutated agent frames without throwing, and what parses is stable`,
    () => {
      const started = performance.now();
      let ok = 0;
      fc.assert(
        fc.property(payloadArbitrary(zodArbitrary(AgentMessage, { maxArray: 2 })), (p) => {
          const r = parseAgentMessage(p.kind === 'text' ? p.text : Buffer.from(p.bytes));
          if (!r.ok) {
            expect(r.error.length).toBeGreaterThan(0);
            return;
          }
          if (r.message === null) return;
          ok++;
          const again = parseAgentMessage(JSON.stringify(r.message));
          expect(again.ok && JSON.stringify(again.message)).toBe(JSON.stringify(r.message));
        }),
        { numRuns: FRAME_CASES, seed: FUZZ_SEED },
      );
      report('protocol agent frames', FRAME_CASES, started, `${ok} parsed`);
    },
    fuzzTimeout(120_000),
  );

  it(
    `parses ${BODY_CASES.toLocaleString('en-GB')} mutated API bodies and queries without throwing`,
    () => {
      const started = performance.now();
      const schemas = bodySchemas();
      const arb = fc.oneof(...schemas.map(([, schema], i) => payloadArbitrary(zodArbitrary(schema)).map((p) => [i, p] as const)));
      fc.assert(
        fc.property(arb, ([i, p]) => {
          const [, schema] = schemas[i]!;
          let value: unknown;
          try {
            value = JSON.parse(p.kind === 'text' ? p.text : Buffer.from(p.bytes).toString('utf8'));
          } catch {
            return;
          }
          // Never throws: every problem comes back as issues (a query's output is coerced, so not re-parsed).
          const r = schema.safeParse(value);
          if (!r.success) expect(r.error.issues.length).toBeGreaterThan(0);
        }),
        { numRuns: BODY_CASES, seed: FUZZ_SEED },
      );
      report('protocol API bodies', BODY_CASES, started, `${schemas.length} schemas`);
    },
    fuzzTimeout(120_000),
  );
});
