import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '@safefleet/protocol';
import { effectiveSettings, mergeUpdate, publicSettings } from './notification-settings.js';

const envSmtp = { host: 'env.example.org', port: 587, tls: 'opportunistic' as const, user: 'env', password: 'envpw' };

describe('notification settings: defaults < environment < console', () => {
  it('uses the environment until the console saves a value, and again once it is cleared', () => {
    const env = { smtp: envSmtp, dsl: { name: '', email: 'env-dsl@example.org' } };
    let s = effectiveSettings({}, env);
    expect(s.settings.dsl?.email).toBe('env-dsl@example.org');
    expect(s.sources).toMatchObject({ dsl: 'environment', smtp: 'environment', itLead: 'default', ladder: 'default' });

    let stored = mergeUpdate(
      {},
      { dsl: { name: 'Dana', email: 'dana@example.org' }, ladder: { antivirus: { remindKeeperAfterDays: 2, escalateAfterDays: 5 } } },
    );
    s = effectiveSettings(stored, env);
    expect(s.settings.dsl).toEqual({ name: 'Dana', email: 'dana@example.org' });
    expect(s.sources.dsl).toBe('console');
    expect(s.settings.ladder.antivirus).toEqual({ remindKeeperAfterDays: 2, escalateAfterDays: 5 });
    expect(s.settings.ladder['social-apps']).toEqual(DEFAULT_LADDER['social-apps']);

    stored = mergeUpdate(stored, { dsl: null, ladder: { 'os-updates': { remindKeeperAfterDays: null, escalateAfterDays: null } } });
    s = effectiveSettings(stored, env);
    expect(s.settings.dsl?.email).toBe('env-dsl@example.org');
    expect(s.settings.ladder.antivirus.escalateAfterDays).toBe(5);
    expect(s.settings.ladder['os-updates']).toEqual({ remindKeeperAfterDays: null, escalateAfterDays: null });
  });

  it("a console change to the environment's SMTP server that leaves the password out keeps the environment's password", () => {
    const env = { smtp: envSmtp };
    const samePlace = mergeUpdate({}, { smtp: { host: 'env.example.org', port: 465, tls: 'implicit', user: 'env' } });
    expect(effectiveSettings(samePlace, env).settings.smtp).toMatchObject({ port: 465, password: 'envpw' });
    const elsewhere = mergeUpdate({}, { smtp: { host: 'other.example.org', port: 587, tls: 'opportunistic', user: 'env' } });
    expect(effectiveSettings(elsewhere, env).settings.smtp?.password).toBeNull();
    const cleared = mergeUpdate({}, { smtp: { host: 'env.example.org', port: 587, tls: 'opportunistic', user: 'env', password: null } });
    expect(effectiveSettings(cleared, env).settings.smtp?.password).toBeNull();
  });

  it('keeps the saved SMTP password when a change leaves it out, and never shows it', () => {
    let stored = mergeUpdate({}, { smtp: { host: 'a', port: 25, tls: 'none', user: 'u', password: 'pw' } });
    stored = mergeUpdate(stored, { smtp: { host: 'b', port: 25, tls: 'none', user: 'u' } });
    const s = effectiveSettings(stored, { smtp: envSmtp }).settings;
    expect(s.smtp).toEqual({ host: 'b', port: 25, tls: 'none', user: 'u', password: 'pw' });
    expect(publicSettings(s).smtp).toEqual({ host: 'b', port: 25, tls: 'none', user: 'u', hasPassword: true });
    stored = mergeUpdate(stored, { smtp: { host: 'b', port: 25, tls: 'none', user: null, password: null } });
    expect(publicSettings(effectiveSettings(stored, {}).settings).smtp?.hasPassword).toBe(false);
  });
});
