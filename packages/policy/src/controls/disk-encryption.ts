import type { Finding, Volume } from '@safefleet/protocol';
import type { ControlInput } from '../types.js';
import { joinList, q, sentences } from '../util/text.js';
import { finding, groupProblem, worst } from './finding.js';

function drive(v: Volume): string {
  return `system drive (${v.mount})`;
}

function volumeResult(v: Volume): { status: Finding['status']; sentence: string } {
  const detail = v.detail ? ` (${v.detail.trim().replace(/[.\s]+$/, '')})` : '';
  if (v.encrypted === true) {
    return { status: 'pass', sentence: `The ${drive(v)} is encrypted${v.method ? ` with ${v.method}` : ''}.` };
  }
  if (v.encrypted === false) return { status: 'fail', sentence: `The ${drive(v)} is not encrypted${detail}.` };
  return { status: 'unknown', sentence: `Safefleet could not tell whether the ${drive(v)} is encrypted${detail}.` };
}

/** disk-encryption: the system volume (isSystem) is encrypted; every system volume if there are several. */
export function checkDiskEncryption(input: ControlInput): Finding {
  const group = input.facts.encryption;
  const problem = groupProblem(group, 'disk encryption on this device');
  if (problem) return finding('disk-encryption', input, 'unknown', problem);

  const system = group.volumes.filter((v) => v.isSystem);
  const details = {
    volumes: system.map((v) => ({ mount: v.mount, encrypted: v.encrypted, method: v.method ?? null })),
  };
  if (system.length === 0) {
    const others = group.volumes.map((v) => q(v.mount));
    return finding(
      'disk-encryption',
      input,
      'unknown',
      sentences('Safefleet could not find the system drive on this device.', others.length > 0 ? `Drives found: ${joinList(others)}.` : null),
      { details },
    );
  }
  const results = system.map(volumeResult);
  const status = worst(results.map((r) => r.status));
  // Problems first so the drive that needs action is named at the start.
  const order: Finding['status'][] = ['fail', 'unknown', 'pass'];
  const ordered = [...results].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  return finding('disk-encryption', input, status, sentences(...ordered.map((r) => r.sentence)), { details });
}
