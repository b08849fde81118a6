import { describe, expect, it } from 'vitest';
import { ServerEvents, type DeviceStatusChangedEvent } from './events.js';

const event: DeviceStatusChangedEvent = {
  deviceId: 'd1',
  hostname: 'h',
  previous: 'compliant',
  status: 'stale',
  failing: ['agent-checkin'],
  at: '2026-11-21T09:00:00.000Z',
  cause: 'checkin',
};

describe('ServerEvents', () => {
  it('delivers to every listener even when one throws, reporting the failure', () => {
    const failures: string[] = [];
    const events = new ServerEvents((_err, name) => failures.push(name));
    const seen: string[] = [];
    events.on('device-status-changed', () => {
      throw new Error('broken subscriber');
    });
    events.on('device-status-changed', (e) => seen.push(e.status));
    expect(() => events.emitSafe('device-status-changed', event)).not.toThrow();
    expect(seen).toEqual(['stale']);
    expect(failures).toEqual(['device-status-changed']);
  });
});
