import { describe, expect, it } from 'vitest';
import type { Alert } from '@safefleet/protocol';
import { alertEmail } from './alert-email.js';
import { headline, type AlertMessageInput } from './format.js';
import { slackBody, teamsBody, webhookBody } from './webhooks.js';
import { sampleAlert } from '../../../test-support/alert.js';

const alert: Alert = sampleAlert({
  id: 'a1',
  hostname: 'yw-laptop-01',
  keeperName: 'Sam Patel',
  reason: 'WhatsApp and Telegram are installed.',
  resolution: 'Remove them, or ask the DSL for an exception.',
  details: {
    found: [
      {
        appId: 'whatsapp',
        name: 'WhatsApp',
        category: 'messaging',
        matchedBy: 'linux',
        identifier: 'x',
        source: 'flatpak',
        appName: 'x',
        installedId: 'x',
      },
      {
        appId: 'telegram',
        name: 'Telegram',
        category: 'messaging',
        matchedBy: 'linux',
        identifier: 'y',
        source: 'dpkg',
        appName: 'y',
        installedId: 'y',
      },
      {
        appId: 'zoom',
        name: 'Zoom',
        category: 'video-chat',
        matchedBy: 'linux',
        identifier: 'z',
        source: 'dpkg',
        appName: 'z',
        installedId: 'z',
        allowedByException: 'exc-1',
      },
    ],
  },
  concernId: 7,
});
const input: AlertMessageInput = {
  kind: 'alert-opened',
  alert,
  device: { id: 'd1', hostname: 'yw-laptop-01', keeper: { name: 'Sam Patel', email: 'sam@example.org', role: 'Youth worker' } },
  link: 'https://console.example.org/devices/d1',
  daysOpen: 0,
  at: '2026-11-21T09:00:00.000Z',
  timeZone: 'Europe/London',
  concernLink: 'https://console.example.org/concerns/7',
};

describe('alert messages', () => {
  it('an opened safeguarding alert leads with the DSL decision, names apps as people know them, links the concern (issue 12)', () => {
    const mail = alertEmail(input, 'DSL');
    expect(mail.subject).toBe('Safeguarding alert: WhatsApp, Telegram found on yw-laptop-01 (Sam Patel)');
    expect(mail.text.split('\n')[2]).toMatch(
      /^Your decision is needed: Safefleet found WhatsApp, Telegram on yw-laptop-01, the device kept by Sam Patel\. Please triage/,
    );
    expect(mail.text).toContain(
      'Device: yw-laptop-01\nKeeper: Sam Patel (sam@example.org), Youth worker\nCheck: No social media or messaging apps\nApps: WhatsApp, Telegram',
    );
    expect(mail.text).not.toContain('How to fix it'); // the keeper's job, not the DSL's
    expect(mail.text).toContain('Found: 21 November 2026 at 09:00 GMT');
    expect(mail.text).toContain('Open concern number 7: https://console.example.org/concerns/7');
    expect(mail.text).toContain('You get this email as the DSL.');
    expect(mail.text).not.toContain('Zoom');
    expect(mail.html).toContain('<a href="https://console.example.org/concerns/7">Open concern number 7</a>');
    expect(mail.html).toContain(
      '<th align="left" style="padding:2px 12px 2px 0;vertical-align:top">Apps</th><td style="padding:2px 0">WhatsApp, Telegram</td>',
    );
    // Summer time: local time, not UTC.
    const summer = alertEmail({ ...input, alert: { ...alert, openedAt: '2026-07-01T09:00:00.000Z' } }, 'DSL');
    expect(summer.text).toContain('Found: 1 July 2026 at 10:00 BST');
    // The coordinator is kept informed; the DSL decides.
    const osc = alertEmail(input, 'Online-safety coordinator');
    expect(osc.text).toContain('For your information');
    expect(osc.text).not.toContain('for you to assess');
    expect(osc.text).not.toContain('Your decision is needed');
  });

  it('words for reminder, escalation and resolution', () => {
    expect(headline({ ...input, kind: 'alert-reminder' })).toBe('Please fix: No social media or messaging apps on yw-laptop-01');
    expect(headline({ ...input, kind: 'alert-escalated', daysOpen: 2 })).toBe(
      'Still not fixed after 2 days: WhatsApp, Telegram found on yw-laptop-01 (Sam Patel)',
    );
    const fixed = alertEmail(
      {
        ...input,
        kind: 'alert-resolved',
        alert: { ...alert, status: 'resolved', resolvedAt: '2026-11-22T10:00:00.000Z', resolvedReason: 'The check passes again.' },
      },
      'DSL',
    );
    expect(fixed.subject).toBe('Resolved: No social media or messaging apps on yw-laptop-01 (Sam Patel)');
    expect(fixed.text).toContain('Resolved: The check passes again.');
    const allowed = alertEmail(
      {
        ...input,
        kind: 'alert-resolved',
        alert: {
          ...alert,
          status: 'resolved',
          resolvedAt: '2026-11-22T10:00:00.000Z',
          resolvedReason: 'Allowed by exception until 2027-05-01 (WhatsApp).',
        },
      },
      'DSL',
    );
    expect(allowed.subject).toBe('Allowed by exception: No social media or messaging apps on yw-laptop-01 (Sam Patel)');
    expect(allowed.text).toContain('Allowed by exception until 2027-05-01 (WhatsApp).');
    expect(allowed.text).not.toMatch(/fixed|Good news/i);
    expect(headline({ ...input, kind: 'alert-escalated', daysOpen: 0 })).not.toContain('0 days');
    expect(fixed.text).not.toContain('How to fix it');
    const keeper = alertEmail({ ...input, kind: 'alert-reminder' }, 'Keeper');
    expect(keeper.text).toContain('Safefleet found a problem on your device yw-laptop-01');
    expect(keeper.text).not.toContain('concern');
    expect(headline({ ...input, alert: { ...alert, control: 'agent-checkin', category: 'technical', details: null } })).toBe(
      'Device not reporting: yw-laptop-01 (Sam Patel)',
    );
  });

  it('webhook bodies: generic JSON, Teams Adaptive Card, Slack blocks with escaping', () => {
    expect(webhookBody('generic', input)).toMatchObject({ event: 'alert-opened', link: input.link, alert: { id: 'a1', redacted: false } });
    const teams = teamsBody(input) as {
      type: string;
      attachments: Array<{ content: { type: string; body: Array<{ type: string; facts?: Array<{ title: string; value: string }> }> } }>;
    };
    expect(teams.type).toBe('message');
    expect(teams.attachments[0]!.content.type).toBe('AdaptiveCard');
    expect(teams.attachments[0]!.content.body[1]!.facts!.map((f) => f.title)).toEqual([
      'Device',
      'Keeper',
      'Check',
      'Apps',
      'What was found',
      'How to fix it',
      'Found',
    ]);
    const slack = slackBody({ ...input, device: { ...input.device, hostname: '<b>&host' } }) as {
      text: string;
      blocks: Array<{ text?: { text: string } }>;
    };
    expect(slack.text).toContain('&lt;b&gt;&amp;host');
    expect(slack.blocks[1]!.text!.text).toContain('*Device:* &lt;b&gt;&amp;host');
  });
});
