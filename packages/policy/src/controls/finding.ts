import type { ControlId, Finding } from '@safefleet/protocol';
import { resolutionFor } from '../packs/cauk.js';
import type { ControlInput } from '../types.js';
import { clip, sentences } from '../util/text.js';

type Status = Finding['status'];

/** Builds a finding with the pack's resolution for the device's operating system. */
export function finding(
  control: ControlId,
  input: Pick<ControlInput, 'facts'> | null,
  status: Status,
  reason: string,
  extra: { dueAt?: Date; details?: Record<string, unknown>; resolution?: string } = {},
): Finding {
  const platform = input?.facts.os.platform;
  const f: Finding = {
    control,
    status,
    reason: clip(reason),
    resolution: clip(extra.resolution ?? resolutionFor(control, platform)),
  };
  if (extra.dueAt) f.dueAt = extra.dueAt.toISOString();
  if (extra.details) f.details = extra.details;
  return f;
}

interface Group {
  status: 'ok' | 'error' | 'unsupported';
  error?: string | undefined;
}

/**
 * The reason to give when a fact group could not be collected, or null when it was.
 * `what` completes "Could not check …", e.g. "the antivirus on this device".
 */
export function groupProblem(group: Group, what: string): string | null {
  if (group.status === 'ok') return null;
  const why = group.error?.trim() ? group.error.trim() : 'the agent gave no further detail';
  const lead =
    group.status === 'unsupported'
      ? `Safefleet cannot check ${what}`
      : `Could not check ${what}`;
  return sentences(`${lead}: ${why.replace(/[.\s]+$/, '')}.`);
}

/** Orders statuses for combining per-item results: fail > grace > unknown > pass. */
export function worst(statuses: Status[]): Status {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('grace')) return 'grace';
  if (statuses.includes('unknown')) return 'unknown';
  return 'pass';
}
