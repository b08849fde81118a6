import { CONTROL_IDS, type ControlId, type FindingStatus } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { deviceStatus } from './status.js';

/** Findings for all 8 controls: `status` for each, with overrides. */
function all(status: FindingStatus, over: Partial<Record<ControlId, FindingStatus>> = {}) {
  return CONTROL_IDS.map((control) => ({ control, status: over[control] ?? status }));
}

describe('deviceStatus', () => {
  it.each([
    ['never reported (null)', null, 'notEvaluated'],
    ['never reported (empty)', [], 'notEvaluated'],
    ['everything passes', all('pass'), 'compliant'],
    ['check-in failed beats everything', all('fail', { 'agent-checkin': 'fail' }), 'stale'],
    ['check-in failed, rest pass', all('pass', { 'agent-checkin': 'fail' }), 'stale'],
    ['one control fails', all('pass', { antivirus: 'fail', 'password-age': 'grace' }), 'noncompliant'],
    ['one control in grace', all('pass', { 'os-updates': 'grace' }), 'grace'],
    ['grace beats unknown', all('unknown', { 'os-updates': 'grace' }), 'grace'],
    ['everything but check-in unknown', all('unknown', { 'agent-checkin': 'pass' }), 'notEvaluated'],
    ['everything unknown', all('unknown'), 'notEvaluated'],
    ['some unknown, some pass', all('pass', { 'screen-lock': 'unknown', 'agent-checkin': 'unknown' }), 'compliant'],
    ['only a check-in finding', [{ control: 'agent-checkin' as const, status: 'pass' as const }], 'notEvaluated'],
  ] as const)('%s → %s', (_label, findings, status) => {
    expect(deviceStatus(findings === null ? null : [...findings])).toBe(status);
  });
});
