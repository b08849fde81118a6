import { describe, expect, it } from 'vitest';
import type { MeResponse } from '@safefleet/protocol';
import { complianceWords, isProvider, otherOrganisations, pathAfterSwitch, showsSwitcher } from './organisations';

const user = { id: 1, email: 'it@charity.example.org', role: 'admin' as const };
const one: MeResponse = { user, organisation: { id: 1, name: 'Youth Works' }, organisations: [{ id: 1, name: 'Youth Works', role: 'admin' }] };
const signedInOnly: MeResponse = { user };
const two: MeResponse = {
  user: { ...user, role: 'provider' },
  organisation: { id: 2, name: 'Food Bank' },
  organisations: [
    { id: 2, name: 'Food Bank', role: 'provider' },
    { id: 1, name: 'Youth Works', role: 'dsl' },
  ],
};

describe('organisations in the console', () => {
  it('shows nothing new for one organisation, or a console that sends no memberships', () => {
    expect(showsSwitcher(one)).toBe(false);
    expect(showsSwitcher(signedInOnly)).toBe(false);
    expect(isProvider(one)).toBe(false);
    expect(isProvider(signedInOnly)).toBe(false);
  });
  it('offers the other organisations in the switcher, and knows a provider by any of their memberships', () => {
    expect(showsSwitcher(two)).toBe(true);
    expect(otherOrganisations(two)).toEqual([{ id: 1, name: 'Youth Works', role: 'dsl' }]);
    expect(isProvider(two)).toBe(true);
    // Provider elsewhere, DSL here: still a provider (the Organisations page lists where they are).
    const here: MeResponse = { ...two, organisation: { id: 1, name: 'Youth Works' } };
    expect(isProvider(here)).toBe(true);
  });
  it('leaves a page of one device or concern for its list after switching', () => {
    expect(pathAfterSwitch('/devices/abc-123')).toBe('/devices');
    expect(pathAfterSwitch('/concerns/7')).toBe('/concerns');
    expect(pathAfterSwitch('/devices')).toBe('/devices');
    expect(pathAfterSwitch('/users')).toBe('/users');
    expect(pathAfterSwitch('/')).toBe('/');
  });
  it('words compliance as a percentage, or why there is none', () => {
    expect(complianceWords({ compliancePercent: 91.6, devices: 12 })).toBe('92%');
    expect(complianceWords({ compliancePercent: 0, devices: 3 })).toBe('0%');
    expect(complianceWords({ compliancePercent: null, devices: 0 })).toBe('No devices yet');
    expect(complianceWords({ compliancePercent: null, devices: 4 })).toBe('Not evaluated yet');
  });
});
