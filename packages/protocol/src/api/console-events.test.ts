import { describe, expect, it } from 'vitest';
import { alertEventForRole, type Alert } from './alerts.js';
import { parseConsoleEvent } from './console-events.js';

const alert: Alert = {
  id: 'a1',
  deviceId: 'd1',
  hostname: 'yw-laptop-01',
  keeperName: 'Priya Shah',
  control: 'social-apps',
  controlTitle: 'No social media or messaging apps',
  category: 'safeguarding',
  status: 'open',
  openedAt: '2026-11-21T05:36:42.000Z',
  remindedAt: null,
  escalatedAt: null,
  resolvedAt: null,
  resolvedReason: null,
  reason: 'WhatsApp is installed.',
  resolution: 'Remove it.',
  details: { found: [] },
  concernId: 3,
  link: '/devices/d1',
  redacted: false,
};

describe('console alert events', () => {
  it('parses alert-opened and alert-resolved, full and redacted', () => {
    const opened = { type: 'alert-opened' as const, at: '2026-11-21T05:36:42.000Z', alert };
    expect(parseConsoleEvent(JSON.stringify(opened))).toEqual(opened);
    const forViewer = alertEventForRole({ ...opened, type: 'alert-resolved' }, 'viewer');
    const parsed = parseConsoleEvent(JSON.stringify(forViewer));
    expect(parsed).toMatchObject({ type: 'alert-resolved', alert: { redacted: true, keeperName: null, details: null } });
    expect(parseConsoleEvent(JSON.stringify({ type: 'alert-opened', at: opened.at }))).toBeNull();
  });
});
