import type { Alert } from '@safefleet/protocol';

/** An open safeguarding alert (WhatsApp on a youth worker's laptop); override what a test needs. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'al-1',
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
    ...overrides,
  };
}
