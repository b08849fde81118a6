import { createHash } from 'node:crypto';
import { FACT_GROUPS, Facts, type FactHashes, factHashes, type Report, type ReportDelta } from '@safefleet/protocol';

const sha256base64 = (text: string) => createHash('sha256').update(text).digest('base64');

export interface EncodedReport {
  /** The message text to send. */
  text: string;
  /** The hashes of this report's fact groups (the base for the next delta). */
  hashes: FactHashes;
  /** True when groups were left out (a `report-delta`), false for a full `report`. */
  delta: boolean;
}

/**
 * Encodes a queued report for a console that takes delta reports: with a `base` (the hashes of the
 * report the console holds, or of the one sent just before on this connection), every fact group
 * whose hash is unchanged is left out; without one, the report goes in full. The facts are parsed
 * with the protocol schema first, so the hashes are of exactly what the console will parse.
 */
export function encodeReport(report: Report, base: FactHashes | undefined): EncodedReport {
  const facts = Facts.parse(report.facts);
  const hashes = factHashes(facts, sha256base64);
  if (!base) return { text: JSON.stringify(report), hashes, delta: false };
  const partial: ReportDelta['facts'] = { collectedAt: facts.collectedAt, agentVersion: facts.agentVersion };
  const out = partial as Record<string, unknown>;
  for (const g of FACT_GROUPS) if (hashes[g] !== base[g]) out[g] = facts[g];
  const message: ReportDelta = { type: 'report-delta', reportId: report.reportId, seq: report.seq, hashes, facts: partial };
  return { text: JSON.stringify(message), hashes, delta: true };
}
