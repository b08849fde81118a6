import { describe, expect, it } from 'vitest';
import { CONTROL_IDS, CONTROLS } from '@safefleet/protocol';
import { can } from './permissions';

describe('can', () => {
  const as = (role: 'admin' | 'dsl' | 'viewer') => ({ id: 1, email: 'x@example.org', role });
  it('lets a viewer change nothing', () => {
    for (const a of [
      'edit-keeper',
      'revoke-device',
      'collect-now',
      'edit-policy',
      'enrol',
      'manage-users',
      'manage-roles',
      'manage-exceptions',
      'read-audit',
      'read-concerns',
      'manage-concerns',
      'read-notifications',
      'edit-notifications',
    ] as const) {
      expect(can(as('viewer'), a), a).toBe(false);
    }
    expect(can(null, 'edit-keeper')).toBe(false);
  });
  it('lets the DSL approve exceptions and read the audit trail only', () => {
    expect(can(as('dsl'), 'manage-exceptions')).toBe(true);
    expect(can(as('dsl'), 'read-audit')).toBe(true);
    expect(can(as('dsl'), 'edit-policy')).toBe(false);
    expect(can(as('dsl'), 'manage-users')).toBe(false);
    expect(can(as('admin'), 'manage-users')).toBe(true);
  });
  it('lets the DSL and the IT lead keep the concern log; only the IT lead changes alert settings', () => {
    for (const role of ['admin', 'dsl'] as const) {
      expect(can(as(role), 'read-concerns')).toBe(true);
      expect(can(as(role), 'manage-concerns')).toBe(true);
      expect(can(as(role), 'read-notifications')).toBe(true);
    }
    expect(can(as('dsl'), 'edit-notifications')).toBe(false);
    expect(can(as('admin'), 'edit-notifications')).toBe(true);
  });
});

describe('control words', () => {
  it('has a title and a short heading for every control', () => {
    for (const c of CONTROL_IDS) {
      expect(CONTROLS[c].title).toBeTruthy();
      expect(CONTROLS[c].shortTitle).toBeTruthy();
    }
  });
});
