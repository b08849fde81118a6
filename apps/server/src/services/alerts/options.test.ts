import { describe, expect, it } from 'vitest';
import { alertsOptionsFromEnv } from './options.js';
import { parseSmtpUrl } from '../notifications/smtp-url.js';

describe('SMTP URL and environment', () => {
  it.each([
    ['smtp://user:pa%40ss@mail.example.org:2525', { host: 'mail.example.org', port: 2525, tls: 'opportunistic', user: 'user', password: 'pa@ss' }],
    ['smtp://mail.example.org', { host: 'mail.example.org', port: 587, tls: 'opportunistic', user: null, password: null }],
    ['smtps://u:p@smtp.office365.com', { host: 'smtp.office365.com', port: 465, tls: 'implicit', user: 'u', password: 'p' }],
    ['smtp://u:p@127.0.0.1:25?tls=none', { host: '127.0.0.1', port: 25, tls: 'none', user: 'u', password: 'p' }],
    ['smtp://[::1]:25?tls=starttls', { host: '::1', port: 25, tls: 'starttls', user: null, password: null }],
  ])('parses %s', (url, expected) => {
    expect(parseSmtpUrl(url)).toEqual(expected);
  });

  it.each(['mail.example.org', 'http://mail.example.org', 'smtp://', 'smtp://h?tls=maybe'])('refuses %s in plain words', (url) => {
    expect(() => parseSmtpUrl(url, 'SAFEFLEET_SMTP_URL')).toThrow(/SAFEFLEET_SMTP_URL/);
  });

  it('reads the unattended set-up from the environment', () => {
    const o = alertsOptionsFromEnv({
      SAFEFLEET_SMTP_URL: 'smtps://alerts:secret@mail.example.org',
      SAFEFLEET_MAIL_FROM: 'Safefleet <alerts@example.org>',
      SAFEFLEET_DSL_EMAIL: 'dsl@example.org',
      SAFEFLEET_ITLEAD_EMAIL: ' it@example.org ',
      SAFEFLEET_DELIVERY_RETRY_BASE_MS: '100',
      SAFEFLEET_PROMPTS_CRON: '*/5 * * * *',
    });
    expect(o.env).toEqual({
      smtp: { host: 'mail.example.org', port: 465, tls: 'implicit', user: 'alerts', password: 'secret' },
      mailFrom: 'Safefleet <alerts@example.org>',
      dsl: { name: '', email: 'dsl@example.org' },
      itLead: { name: '', email: 'it@example.org' },
    });
    expect(o.retry).toEqual({ baseMs: 100, capMs: 3_600_000, maxAttempts: 12 });
    expect(o.promptsCron).toBe('*/5 * * * *');
    expect(alertsOptionsFromEnv({}).env).toEqual({});
  });

  it('refuses values it cannot use', () => {
    expect(() => alertsOptionsFromEnv({ SAFEFLEET_DSL_EMAIL: 'not-an-email' })).toThrow('SAFEFLEET_DSL_EMAIL must be an email address');
    expect(() => alertsOptionsFromEnv({ SAFEFLEET_DELIVERY_MAX_ATTEMPTS: '0' })).toThrow(/at least 1/);
    expect(() => alertsOptionsFromEnv({ SAFEFLEET_ALERTS_CRON: 'often' })).toThrow(/cron pattern/);
  });
});
