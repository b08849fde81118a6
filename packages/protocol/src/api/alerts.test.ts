import { describe, expect, it } from 'vitest';
import {
  ActionConcernRequest,
  Alert,
  alertCategoryOf,
  alertEventForRole,
  alertForRole,
  CreateRecipientRequest,
  DEFAULT_LADDER,
  UpdateNotificationSettingsRequest,
} from '../index.js';

const alert: Alert = Alert.parse({
  id: 'a1',
  deviceId: 'd1',
  hostname: 'yw-01',
  keeperName: 'Priya Shah',
  control: 'social-apps',
  controlTitle: 'No social media or messaging apps',
  category: 'safeguarding',
  status: 'open',
  openedAt: '2026-11-21T09:00:00.000Z',
  remindedAt: null,
  escalatedAt: null,
  resolvedAt: null,
  resolvedReason: null,
  reason: 'WhatsApp is installed.',
  resolution: 'Remove WhatsApp.',
  details: { found: [{ appId: 'whatsapp' }] },
  concernId: 1,
  link: '/devices/d1',
  redacted: false,
});

describe('alerts contract', () => {
  it('safeguarding controls are the DSL’s; the rest technical', () => {
    expect(alertCategoryOf('social-apps')).toBe('safeguarding');
    expect(alertCategoryOf('antivirus')).toBe('technical');
    expect(alertCategoryOf('agent-checkin')).toBe('technical');
  });

  it('viewers see that a safeguarding alert exists, not its details', () => {
    expect(alertForRole(alert, 'dsl')).toBe(alert);
    expect(alertForRole(alert, 'admin')).toBe(alert);
    const hidden = alertForRole(alert, 'viewer');
    expect(hidden).toMatchObject({
      hostname: 'yw-01',
      control: 'social-apps',
      redacted: true,
      keeperName: null,
      details: null,
      concernId: null,
      resolution: null,
    });
    expect(JSON.stringify(hidden)).not.toContain('WhatsApp');
    expect(Alert.safeParse(hidden).success).toBe(true);
    const technical = { ...alert, control: 'antivirus' as const, category: 'technical' as const };
    expect(alertForRole(technical, 'viewer')).toBe(technical);
    expect(alertEventForRole({ type: 'alert-opened', at: alert.openedAt, alert }, 'viewer').alert.redacted).toBe(true);
  });

  it('validates settings, recipients and concern steps', () => {
    expect(DEFAULT_LADDER['social-apps']).toEqual({ remindKeeperAfterDays: null, escalateAfterDays: 2 });
    expect(UpdateNotificationSettingsRequest.safeParse({ digest: { enabled: true, time: '25:00' } }).success).toBe(false);
    expect(UpdateNotificationSettingsRequest.safeParse({ consoleUrl: 'javascript:alert(1)' }).success).toBe(false);
    expect(
      UpdateNotificationSettingsRequest.parse({ dsl: null, ladder: { antivirus: { remindKeeperAfterDays: 1, escalateAfterDays: null } } }),
    ).toEqual({
      dsl: null,
      ladder: { antivirus: { remindKeeperAfterDays: 1, escalateAfterDays: null } },
    });
    expect(CreateRecipientRequest.safeParse({ channel: 'webhook', name: 'x', url: 'file:///etc/passwd' }).success).toBe(false);
    expect(CreateRecipientRequest.parse({ channel: 'email', name: 'Chair', address: 'chair@example.org' }).control).toBeNull();
    expect(ActionConcernRequest.safeParse({ actionsTaken: 'Spoke to them', referral: { made: true } }).success).toBe(false);
    expect(ActionConcernRequest.parse({ actionsTaken: 'Spoke to them', referral: { made: true, to: 'LADO' } }).referral).toEqual({
      made: true,
      to: 'LADO',
      reference: null,
      at: null,
    });
  });
});
