import type { SessionUser } from '@safefleet/protocol';

/**
 * What each console role may change, mirroring the server (which enforces it; this only hides
 * controls a role cannot use). Viewers change nothing.
 */
export type Action =
  | 'edit-keeper'
  | 'revoke-device'
  | 'collect-now'
  | 'edit-policy'
  | 'enrol'
  | 'manage-tablets'
  | 'manage-users'
  | 'manage-roles'
  | 'manage-exceptions'
  | 'read-audit'
  | 'export-audit'
  | 'export-erase-device'
  | 'read-exceptions'
  | 'read-password-prompts'
  | 'read-safeguarding-detail'
  | 'read-concerns'
  | 'manage-concerns'
  | 'read-notifications'
  | 'edit-notifications';

const RULES: Record<Action, ReadonlyArray<SessionUser['role']>> = {
  'edit-keeper': ['admin'],
  'revoke-device': ['admin'],
  'collect-now': ['admin'],
  'edit-policy': ['admin'],
  enrol: ['admin'],
  // Server: /api/tablets/* (connectors, CSV import, keeper check-in links) are the IT lead's.
  'manage-tablets': ['admin'],
  'manage-users': ['admin'],
  'manage-roles': ['admin'],
  'manage-exceptions': ['admin', 'dsl'],
  'read-audit': ['admin', 'dsl'],
  // Server: the 'audit-export' scope and the device export/erase routes are the IT lead's alone.
  'export-audit': ['admin'],
  'export-erase-device': ['admin'],
  // Server: services/visibility.service.ts. Exceptions and prompts name apps, accounts and people;
  // a viewer's device pages come without keeper, facts and safeguarding reasons.
  'read-exceptions': ['admin', 'dsl'],
  'read-password-prompts': ['admin', 'dsl'],
  'read-safeguarding-detail': ['admin', 'dsl'],
  // The concern log is the DSL's; the IT lead (admin) may help. Viewers never see it (server: 403).
  'read-concerns': ['admin', 'dsl'],
  'manage-concerns': ['admin', 'dsl'],
  // Alert and email settings: the DSL reads them, only the IT lead changes them.
  'read-notifications': ['admin', 'dsl'],
  'edit-notifications': ['admin'],
};

export function can(user: SessionUser | null | undefined, action: Action): boolean {
  return !!user && RULES[action].includes(user.role);
}
