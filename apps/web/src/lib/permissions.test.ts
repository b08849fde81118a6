import { describe, expect, it } from 'vitest';
import { CONTROL_IDS, CONTROLS, type UserRole } from '@safefleet/protocol';
import { can, type Action } from './permissions';

describe('can', () => {
  const as = (role: UserRole) => ({ id: 1, email: 'x@example.org', role });
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
  it('lets a provider do what the IT lead does, except the concern log', () => {
    const all: Action[] = [
      'edit-keeper',
      'revoke-device',
      'collect-now',
      'edit-policy',
      'enrol',
      'manage-tablets',
      'manage-users',
      'manage-roles',
      'manage-exceptions',
      'read-audit',
      'export-audit',
      'export-erase-device',
      'read-exceptions',
      'read-password-prompts',
      'read-safeguarding-detail',
      'read-concerns',
      'manage-concerns',
      'read-notifications',
      'edit-notifications',
    ];
    for (const a of all) {
      const concernLog = a === 'read-concerns' || a === 'manage-concerns';
      expect(can(as('provider'), a), a).toBe(concernLog ? false : can(as('admin'), a));
    }
    expect(can(as('admin'), 'read-concerns')).toBe(true);
  });
  it('lets only a provider make someone a provider', () => {
    expect(can(as('provider'), 'grant-provider')).toBe(true);
    for (const role of ['admin', 'dsl', 'viewer'] as const) expect(can(as(role), 'grant-provider'), role).toBe(false);
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
