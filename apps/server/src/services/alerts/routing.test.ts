import { describe, expect, it } from 'vitest';
import type { RecipientRow } from '../../db/repositories/notifications.repository.js';
import { routeAlert, type RouteInput } from './routing.js';
import { DEFAULT_SETTINGS } from '../notifications/notification-settings.js';

const settings = {
  ...DEFAULT_SETTINGS,
  dsl: { name: 'Dana', email: 'dsl@example.org' },
  onlineSafetyCoordinator: { name: 'Dana', email: 'DSL@example.org' },
  itLead: { name: 'Ian', email: 'it@example.org' },
};
const recipient = (r: Partial<RecipientRow>): RecipientRow => ({
  id: 1,
  organisationId: 1,
  name: 'Extra',
  channel: 'email',
  address: 'extra@example.org',
  format: null,
  control: null,
  createdAt: '',
  createdBy: '',
  ...r,
});
const base: RouteInput = {
  kind: 'alert-opened',
  category: 'safeguarding',
  control: 'social-apps',
  settings,
  recipients: [],
  keeperEmail: 'sam@example.org',
};
const to = (input: RouteInput) => routeAlert(input).map((r) => [r.label, r.destination, r.held]);

describe('routing', () => {
  it('safeguarding goes to the DSL at once (the coordinator, if the same person, once)', () => {
    expect(to(base)).toEqual([['DSL', 'dsl@example.org', false]]);
    expect(to({ ...base, settings: { ...settings, onlineSafetyCoordinator: { name: 'Cat', email: 'cat@example.org' } } })).toEqual([
      ['DSL', 'dsl@example.org', false],
      ['Online-safety coordinator', 'cat@example.org', false],
    ]);
    expect(to({ ...base, settings: { ...settings, dsl: null, onlineSafetyCoordinator: null } })).toEqual([['IT lead', 'it@example.org', false]]);
  });

  it('technical goes to the IT lead, held for the digest when it is on', () => {
    const tech = { ...base, category: 'technical' as const, control: 'antivirus' as const };
    expect(to(tech)).toEqual([['IT lead', 'it@example.org', false]]);
    const digest = { ...tech, settings: { ...settings, digest: { enabled: true, time: '08:00' } } };
    expect(to(digest)).toEqual([['IT lead', 'it@example.org', true]]);
    expect(to({ ...digest, kind: 'alert-escalated' }).every(([, , held]) => held === false)).toBe(true);
  });

  it('reminders go to the keeper only; escalations to DSL, coordinator and IT lead', () => {
    expect(to({ ...base, kind: 'alert-reminder' })).toEqual([['Keeper', 'sam@example.org', false]]);
    expect(to({ ...base, kind: 'alert-reminder', keeperEmail: null })).toEqual([]);
    expect(to({ ...base, kind: 'alert-escalated' }).map(([l]) => l)).toEqual(['DSL', 'IT lead']);
  });

  it('adds recipients and webhooks of the control or of every control', () => {
    const recipients = [
      recipient({ id: 1, name: 'Trustee', address: 'trustee@example.org', control: 'social-apps' }),
      recipient({ id: 2, name: 'AV only', address: 'av@example.org', control: 'antivirus' }),
      recipient({ id: 3, name: 'Teams', channel: 'webhook', address: 'https://example.webhook.office.com/x', format: 'teams' }),
      recipient({ id: 4, name: 'Dup', address: 'Dsl@Example.org' }),
    ];
    expect(routeAlert({ ...base, recipients }).map((r) => [r.channel, r.label, r.format])).toEqual([
      ['email', 'DSL', null],
      ['email', 'Trustee', null],
      ['webhook', 'Teams', 'teams'],
    ]);
  });
});
