import type { ControlDetails, ControlId, Finding, FindingOf } from '@safefleet/protocol';
import { resolutionFor } from '../packs/cauk.js';
import type { ControlInput } from '../types.js';
import { clip, sentences } from '../util/text.js';

type Status = Finding['status'];

/**
 * Builds a finding with the pack's resolution for the device's operating system. `details` must
 * have the shape the control's module in @safefleet/protocol declares.
 */
export function finding<Id extends ControlId>(
  control: Id,
  input: Pick<ControlInput, 'facts'> | null,
  status: Status,
  reason: string,
  extra: { dueAt?: Date; details?: ControlDetails<Id>; resolution?: string } = {},
): FindingOf<Id> {
  const platform = input?.facts.os.platform;
  const f = {
    control,
    status,
    reason: clip(reason),
    resolution: clip(extra.resolution ?? resolutionFor(control, platform)),
    ...(extra.dueAt ? { dueAt: extra.dueAt.toISOString() } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  };
  // One control id with that control's details is one member of the Finding union.
  return f as Finding as FindingOf<Id>;
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
  const lead = group.status === 'unsupported' ? `Safefleet cannot check ${what}` : `Could not check ${what}`;
  return sentences(`${lead}: ${why.replace(/[.\s]+$/, '')}.`);
}

/** Orders statuses for combining per-item results: fail > grace > unknown > pass. */
export function worst(statuses: Status[]): Status {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('grace')) return 'grace';
  if (statuses.includes('unknown')) return 'unknown';
  return 'pass';
}
