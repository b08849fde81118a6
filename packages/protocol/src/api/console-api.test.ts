import { describe, expect, it } from 'vitest';
import {
  AuditQuery,
  CreateExceptionRequest,
  CreateRoleRequest,
  CreateUserRequest,
  defaultExceptionExpiry,
  FleetTrendQuery,
  MeResponse,
  parseConsoleEvent,
  sameRoleName,
  SocialAppsDetails,
  UpdateUserRequest,
} from '../index.js';

const device = {
  id: 'd1',
  hostname: 'laptop-1',
  platform: 'linux',
  keeper: null,
  status: 'compliant',
  lastSeenAt: '2026-11-21T05:36:42.000Z',
  findings: [{ control: 'social-apps', status: 'pass', reason: 'None installed.' }],
};

describe('console WebSocket events', () => {
  it('parses the known events', () => {
    expect(
      parseConsoleEvent(JSON.stringify({ type: 'device-updated', at: '2026-11-21T05:36:42Z', device, previousStatus: 'noncompliant' })),
    ).toMatchObject({
      type: 'device-updated',
      device: { id: 'd1' },
    });
    expect(parseConsoleEvent('{"type":"fleet-changed","at":"2026-11-21T05:36:42Z","cause":"policy"}')).toEqual({
      type: 'fleet-changed',
      at: '2026-11-21T05:36:42Z',
      cause: 'policy',
    });
    expect(parseConsoleEvent('{"type":"device-removed","at":"2026-11-21T05:36:42Z","deviceId":"d1"}')?.type).toBe('device-removed');
  });

  it('ignores unknown types, broken JSON and invalid events', () => {
    expect(parseConsoleEvent('{"type":"something-new","x":1}')).toBeNull();
    expect(parseConsoleEvent('not json')).toBeNull();
    expect(parseConsoleEvent('{"type":"device-updated","at":"2026-11-21T05:36:42Z"}')).toBeNull();
  });
});

describe('exceptions', () => {
  const ok = {
    appIds: ['facebook', 'instagram'],
    scope: { kind: 'role', role: 'Social media officer' },
    riskAssessment: 'Posts to the charity page only; the DSL reviews monthly.',
    approvedBy: 'Sam Patel, DSL',
  };
  it('accepts a complete request and leaves the default expiry to the server', () => {
    expect(CreateExceptionRequest.parse(ok).expiresAt).toBeUndefined();
    expect(
      CreateExceptionRequest.safeParse({ ...ok, scope: { kind: 'device', deviceId: 'd1' }, expiresAt: '2027-11-21T23:59:59.000Z' }).success,
    ).toBe(true);
  });
  it('needs apps, a written risk assessment and an approver', () => {
    expect(CreateExceptionRequest.safeParse({ ...ok, appIds: [] }).success).toBe(false);
    expect(CreateExceptionRequest.safeParse({ ...ok, riskAssessment: '   too short        ' }).success).toBe(false);
    expect(CreateExceptionRequest.safeParse({ ...ok, approvedBy: ' ' }).success).toBe(false);
    expect(CreateExceptionRequest.safeParse({ ...ok, scope: { kind: 'team', team: 'x' } }).success).toBe(false);
  });
  it('defaults to one year', () => {
    expect(defaultExceptionExpiry(new Date('2026-11-21T10:00:00Z')).toISOString()).toBe('2027-11-21T10:00:00.000Z');
  });
});

describe('roles, users, queries', () => {
  it('compares role names trimmed and ignoring case', () => {
    expect(sameRoleName(' Youth Worker ', 'youth worker')).toBe(true);
    expect(sameRoleName('', '')).toBe(false);
    expect(CreateRoleRequest.parse({ name: ' Social media officer ' })).toEqual({ name: 'Social media officer', description: '', allowedAppIds: [] });
  });
  it('lower-cases new users’ emails and needs a long enough password', () => {
    expect(CreateUserRequest.parse({ email: ' Sam@Example.org ', role: 'dsl', password: 'a-long-password' }).email).toBe('sam@example.org');
    expect(CreateUserRequest.safeParse({ email: 'sam@example.org', role: 'dsl', password: 'short' }).success).toBe(false);
    expect(CreateUserRequest.safeParse({ email: 'sam', role: 'dsl', password: 'a-long-password' }).success).toBe(false);
    expect(UpdateUserRequest.safeParse({}).success).toBe(false);
    expect(UpdateUserRequest.safeParse({ role: 'viewer' }).success).toBe(true);
  });
  it('coerces and bounds query strings', () => {
    expect(FleetTrendQuery.parse({})).toEqual({ days: 90 });
    expect(FleetTrendQuery.parse({ days: '30' })).toEqual({ days: 30 });
    expect(FleetTrendQuery.safeParse({ days: '1000' }).success).toBe(false);
    expect(AuditQuery.parse({ limit: '20', before: '7' })).toEqual({ limit: 20, before: 7 });
  });
  it('keeps firstRun optional on /api/auth/me', () => {
    expect(MeResponse.parse({ user: { id: 1, email: 'admin@localhost', role: 'admin' } }).firstRun).toBeUndefined();
  });
  it('reads the social-apps finding details the policy writes', () => {
    const d = SocialAppsDetails.parse({
      categories: ['social'],
      found: [
        {
          appId: 'facebook',
          name: 'Facebook',
          category: 'social',
          matchedBy: 'macos',
          identifier: 'com.facebook.Facebook',
          source: 'macapp',
          appName: 'Facebook',
          installedId: 'com.facebook.Facebook',
          allowedByException: 'e1',
          allowedUntil: '2027-11-21T10:00:00.000Z',
        },
      ],
    });
    expect(d.found[0]?.allowedByException).toBe('e1');
  });
});
