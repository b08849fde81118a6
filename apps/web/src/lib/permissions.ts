import type { SessionUser } from '@safefleet/protocol';

/**
 * What each console role may change, mirroring the server (which enforces it; this only hides
 * controls a role cannot use). Viewers change nothing. A provider (someone who looks after several
 * charities) may do what the IT lead may in that organisation, except the concern log: that stays
 * with each organisation's DSL (server: services/visibility.service.ts).
 */
export type Action =
  | 'edit-keeper'
  | 'revoke-device'
  | 'collect-now'
  | 'edit-policy'
  | 'enrol'
  | 'manage-tablets'
  | 'manage-users'
  | 'grant-provider'
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
  'edit-keeper': ['admin', 'provider'],
  'revoke-device': ['admin', 'provider'],
  'collect-now': ['admin', 'provider'],
  'edit-policy': ['admin', 'provider'],
  enrol: ['admin', 'provider'],
  // Server: /api/tablets/* (connectors, CSV import, keeper check-in links) are the IT lead's.
  'manage-tablets': ['admin', 'provider'],
  'manage-users': ['admin', 'provider'],
  // Only a provider may make someone else a provider (server: users routes).
  'grant-provider': ['provider'],
  'manage-roles': ['admin', 'provider'],
  'manage-exceptions': ['admin', 'dsl', 'provider'],
  'read-audit': ['admin', 'dsl', 'provider'],
  // Server: the 'audit-export' scope and the device export/erase routes are the IT lead's alone.
  'export-audit': ['admin', 'provider'],
  'export-erase-device': ['admin', 'provider'],
  // Server: services/visibility.service.ts. Exceptions and prompts name apps, accounts and people;
  // a viewer's device pages come without keeper, facts and safeguarding reasons.
  'read-exceptions': ['admin', 'dsl', 'provider'],
  'read-password-prompts': ['admin', 'dsl', 'provider'],
  'read-safeguarding-detail': ['admin', 'dsl', 'provider'],
  // The concern log is the DSL's; the IT lead (admin) may help. Viewers and providers never see it (server: 403).
  'read-concerns': ['admin', 'dsl'],
  'manage-concerns': ['admin', 'dsl'],
  // Alert and email settings: the DSL reads them, only the IT lead changes them.
  'read-notifications': ['admin', 'dsl', 'provider'],
  'edit-notifications': ['admin', 'provider'],
};

export function can(user: SessionUser | null | undefined, action: Action): boolean {
  return !!user && RULES[action].includes(user.role);
}
