import { z } from 'zod';
import { FACT_GROUPS, type FactGroup, type Facts } from './facts/index.js';

/**
 * Content hashes per fact group (delta reports). A hash is SHA-256, base64, of the group's
 * canonical JSON (object keys sorted, no spaces) as the schema parsed it, so the agent and the
 * console compute the same text from the same facts whatever order the keys arrived in.
 */
export const FactHash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
export const FactHashes = z.object(Object.fromEntries(FACT_GROUPS.map((g) => [g, FactHash])) as Record<FactGroup, typeof FactHash>);
export type FactHashes = z.infer<typeof FactHashes>;

/** JSON with object keys sorted at every level (arrays keep their order); undefined members are left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The hash of every fact group. `sha256base64` is passed in (node:crypto on the agent and the
 * console) so this package stays free of Node modules for the web console.
 */
export function factHashes(facts: Facts, sha256base64: (text: string) => string): FactHashes {
  const out = {} as Record<FactGroup, string>;
  for (const g of FACT_GROUPS) out[g] = sha256base64(canonicalJson(facts[g]));
  return out;
}
