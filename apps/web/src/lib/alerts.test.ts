import { describe, expect, it } from 'vitest';
import type { Alert, Delivery, PasswordPrompt } from '@safefleet/protocol';
import { alertApps, applyAlertEvent, applyResolvedEvent, deliveryWords, openAlertsWords, routeWords, sentTo } from './alerts';
import { attemptWords, canRetry, ladderWords, parseLadderDays, parsePort } from './notifications';
import { accountDueWords, promptWords, notificationSteps } from './prompts';

const alert = (id: string, openedAt: string, patch: Partial<Alert> = {}): Alert => ({
  id,
  deviceId: `dev-${id}`,
  hostname: `host-${id}`,
  keeperName: 'Priya Shah',
  control: 'social-apps',
  controlTitle: 'No social media or messaging apps',
  category: 'safeguarding',
  status: 'open',
  openedAt,
  remindedAt: null,
  escalatedAt: null,
  resolvedAt: null,
  resolvedReason: null,
  reason: 'Telegram is installed.',
  resolution: 'Remove it.',
  details: {
    found: [
      {
        appId: 'telegram',
        name: 'Telegram',
        category: 'messaging',
        matchedBy: 'linux',
        identifier: 'telegram-desktop',
        source: 'dpkg',
        appName: 'Telegram Desktop',
        installedId: 'telegram-desktop',
      },
    ],
  },
  concernId: 1,
  link: `/devices/dev-${id}`,
  redacted: false,
  ...patch,
});

describe('the live alerts feed', () => {
  const a = alert('a', '2026-11-21T09:00:00Z');
  const b = alert('b', '2026-11-21T10:00:00Z');
  it('adds opened alerts newest first, once, and drops resolved ones', () => {
    let open = applyAlertEvent([], { type: 'alert-opened', alert: a });
    open = applyAlertEvent(open, { type: 'alert-opened', alert: b });
    open = applyAlertEvent(open, { type: 'alert-opened', alert: b }); // the same event again
    expect(open.map((x) => x.id)).toEqual(['b', 'a']);
    open = applyAlertEvent(open, { type: 'alert-resolved', alert: { ...a, status: 'resolved' } });
    expect(open.map((x) => x.id)).toEqual(['b']);
    expect(applyAlertEvent(open, { type: 'alert-resolved', alert: a }).map((x) => x.id)).toEqual(['b']);
  });
  it('keeps recently resolved alerts, newest first and bounded', () => {
    let resolved = applyResolvedEvent([], { type: 'alert-resolved', alert: a }, 2);
    resolved = applyResolvedEvent(resolved, { type: 'alert-opened', alert: b }, 2);
    resolved = applyResolvedEvent(resolved, { type: 'alert-resolved', alert: b }, 2);
    resolved = applyResolvedEvent(resolved, { type: 'alert-resolved', alert: alert('c', '2026-11-21T11:00:00Z') }, 2);
    expect(resolved.map((x) => x.id)).toEqual(['c', 'b']);
  });
  it('names the apps found and who an alert goes to', () => {
    expect(alertApps(a)).toEqual(['Telegram']);
    expect(alertApps({ details: null })).toEqual([]);
    expect(routeWords(a)).toBe('The DSL and the online-safety coordinator');
    expect(routeWords({ category: 'technical' })).toBe('The IT lead');
    expect(openAlertsWords(0)).toBe('No open alerts');
    expect(openAlertsWords(1)).toBe('1 open alert');
    expect(openAlertsWords(3)).toBe('3 open alerts');
  });
  it('lists the new-alert messages of one alert from the delivery log', () => {
    const d = (id: number, patch: Partial<Delivery>): Delivery => ({
      id,
      kind: 'alert-opened',
      channel: 'email',
      format: null,
      alertId: 'a',
      deviceId: 'dev-a',
      target: 'dsl@example.org',
      recipientLabel: 'DSL',
      subject: 's',
      status: 'sent',
      attempts: 1,
      nextAttemptAt: null,
      lastError: null,
      createdAt: '2026-11-21T09:00:00Z',
      sentAt: '2026-11-21T09:00:01Z',
      attemptLog: [],
      ...patch,
    });
    const log = [
      d(2, {
        channel: 'webhook',
        format: 'teams',
        target: 'https://x.webhook.office.com/…',
        recipientLabel: 'Safeguarding channel',
        status: 'failed',
      }),
      d(1, {}),
      d(3, { alertId: 'b' }),
      d(4, { kind: 'alert-resolved' }),
    ];
    expect(sentTo('a', log)).toEqual([
      { who: 'DSL (dsl@example.org)', how: 'email', status: 'Sent', failed: false },
      { who: 'Safeguarding channel (https://x.webhook.office.com/…)', how: 'Microsoft Teams', status: 'Could not send', failed: true },
    ]);
  });
});

describe('notification settings words', () => {
  it('describes the grace ladder and reads its day fields', () => {
    expect(ladderWords({ remindKeeperAfterDays: 1, escalateAfterDays: 7 })).toBe(
      'Remind the keeper after 1 day; escalate to the DSL and IT lead after 7 days',
    );
    expect(ladderWords({ remindKeeperAfterDays: null, escalateAfterDays: 0 })).toBe('Escalate to the DSL and IT lead at once');
    expect(ladderWords({ remindKeeperAfterDays: null, escalateAfterDays: null })).toBe('No reminder and no escalation');
    expect(parseLadderDays('')).toBeNull();
    expect(parseLadderDays(' 3 ')).toBe(3);
    expect(parseLadderDays('366')).toBeUndefined();
    expect(parseLadderDays('2.5')).toBeUndefined();
    expect(parsePort('587')).toBe(587);
    expect(parsePort('0')).toBeUndefined();
    expect(parsePort('x')).toBeUndefined();
  });
  it('puts delivery attempts in plain words', () => {
    expect(attemptWords({ ok: true, response: '250 OK', error: null })).toBe('Sent (250 OK)');
    expect(attemptWords({ ok: false, response: null, error: 'Connection refused' })).toBe('Failed: Connection refused');
    expect(canRetry({ status: 'failed' })).toBe(true);
    expect(canRetry({ status: 'sent' })).toBe(false);
  });
});

describe('password prompts in plain words', () => {
  const p = (patch: Partial<PasswordPrompt>): PasswordPrompt => ({
    id: 1,
    deviceId: 'd',
    kind: 'due-soon',
    username: 'sam',
    passwordLastSetAt: null,
    dueAt: null,
    createdAt: '2026-11-21T08:00:00Z',
    title: 't',
    body: 'b',
    agent: 'sent',
    agentSentAt: '2026-11-21T08:00:00Z',
    email: 'queued',
    emailDeliveryId: 3,
    emailStatus: 'sent',
    ...patch,
  });
  it('says who was reminded, when and how', () => {
    expect(promptWords(p({}))).toBe('Reminder sent to sam on 21 Nov 2026 by notification and email.');
    expect(promptWords(p({ email: 'no-keeper-email', emailDeliveryId: null, emailStatus: null }))).toBe(
      'Reminder sent to sam on 21 Nov 2026 by notification (no email: the keeper has no email address).',
    );
    expect(promptWords(p({ kind: 'overdue', agent: 'not-connected', agentSentAt: null }))).toBe(
      'Overdue reminder sent to sam on 21 Nov 2026 by email (the device was not connected, so no notification was shown).',
    );
    expect(promptWords(p({ kind: 'quarterly', username: null }), 'Priya Shah')).toBe(
      'Quarterly reminder sent to Priya Shah on 21 Nov 2026 by notification and email.',
    );
    expect(promptWords(p({ agent: 'not-connected', emailStatus: 'failed' }))).toBe(
      'Reminder for sam on 21 Nov 2026 was not delivered: the device was not connected, so no notification was shown; the email could not be sent.',
    );
  });
  it('says when each account’s password is due', () => {
    expect(accountDueWords({ dueAt: '2027-02-21T08:00:00Z', daysLeft: 92, state: 'ok' })).toBe('Due on 21 Feb 2027, in 92 days');
    expect(accountDueWords({ dueAt: '2026-11-02T08:00:00Z', daysLeft: -19, state: 'overdue' })).toBe('Was due on 2 Nov 2026, 19 days ago');
    expect(accountDueWords({ dueAt: '2026-11-21T08:00:00Z', daysLeft: 0, state: 'due-soon' })).toBe('Due today (21 Nov 2026)');
    expect(accountDueWords({ dueAt: null, daysLeft: null, state: 'unknown' })).toMatch(/did not say/);
  });
});

describe('deliveryWords: the true delivery state, no addresses', () => {
  const d = { sent: 0, pending: 0, failed: 0, lastSentAt: null };
  it('says plainly whether the alert reached anyone', () => {
    expect(deliveryWords({ ...d, state: 'none' })).toBe('Not sent: no alert recipient was set, so this alert reached no one.');
    expect(deliveryWords({ ...d, state: 'pending', pending: 2 })).toBe('Not delivered yet: the console is still trying to send 2 messages.');
    expect(deliveryWords({ ...d, state: 'sent', sent: 1 })).toBe('Delivered (1 message).');
    expect(deliveryWords({ ...d, state: 'partly', sent: 1, failed: 1 })).toBe('Partly delivered: 1 sent, 1 could not be sent.');
    expect(deliveryWords({ ...d, state: 'failed', failed: 1 })).toBe('Not delivered: the message could not be sent.');
    expect(deliveryWords({ ...d, state: 'held', pending: 1 })).toBe('Waiting for the daily summary email.');
  });
});

describe('notificationSteps: sent / shown / opened, as the agent reported', () => {
  const base = {
    id: 1,
    deviceId: 'd',
    kind: 'due-soon' as const,
    username: 'sam',
    passwordLastSetAt: null,
    dueAt: null,
    createdAt: '2026-11-21T08:00:00.000Z',
    title: 't',
    body: 'b',
    agent: 'sent' as const,
    agentSentAt: '2026-11-21T08:00:00.000Z',
    email: 'queued' as const,
    emailDeliveryId: null,
    emailStatus: null,
  };
  it('says what the agent reported back', () => {
    expect(notificationSteps(base)).toMatch(/^Notification: sent .+ · not yet shown\.$/);
    expect(notificationSteps({ ...base, agentShownAt: '2026-11-21T08:00:02.000Z' })).toMatch(/· shown .+ · not opened\.$/);
    expect(notificationSteps({ ...base, agentShownAt: '2026-11-21T08:00:02.000Z', agentOpenedAt: '2026-11-21T08:05:00.000Z' })).toMatch(
      /^Notification: sent .+ · shown .+ · opened .+\.$/,
    );
  });
});
