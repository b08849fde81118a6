import { describe, expect, it } from 'vitest';
import type { Alert } from '@safefleet/protocol';
import { AlertFeed } from './alert-feed';
import type { LiveEvent } from './live';

const alert = (id: string, openedAt: string): Alert => ({
  id,
  deviceId: 'd',
  hostname: 'h',
  keeperName: null,
  control: 'antivirus',
  controlTitle: 'Antivirus',
  category: 'technical',
  status: 'open',
  openedAt,
  remindedAt: null,
  escalatedAt: null,
  resolvedAt: null,
  resolvedReason: null,
  reason: 'r',
  resolution: null,
  details: null,
  concernId: null,
  link: '/devices/d',
  redacted: false,
});

function fakeLive() {
  let handler: (e: LiveEvent) => void = () => {};
  return {
    subscribe: (fn: (e: LiveEvent) => void) => {
      handler = fn;
      return () => (handler = () => {});
    },
    emit: (e: LiveEvent) => handler(e),
  };
}

describe('AlertFeed', () => {
  it('keeps an alert opened while the first load is in flight', async () => {
    const live = fakeLive();
    let answer: (list: Alert[]) => void = () => {};
    const feed = new AlertFeed(live, () => new Promise((res) => (answer = res)));
    feed.start();
    expect(feed.state.open).toBeUndefined();
    const b = alert('b', '2026-11-21T10:00:00Z');
    live.emit({ type: 'alert-opened', at: b.openedAt, alert: b });
    answer([alert('a', '2026-11-21T09:00:00Z')]); // read before b was opened
    await new Promise((r) => setTimeout(r, 0));
    expect(feed.state.open?.map((x) => x.id)).toEqual(['b', 'a']);

    live.emit({ type: 'alert-resolved', at: b.openedAt, alert: { ...b, status: 'resolved' } });
    expect(feed.state.open?.map((x) => x.id)).toEqual(['a']);
  });

  it('loads again after reconnecting, and reports a failed load in words', async () => {
    const live = fakeLive();
    let calls = 0;
    const feed = new AlertFeed(live, async () => {
      calls++;
      if (calls === 2) throw new Error('Cannot reach the console.');
      return [];
    });
    let changes = 0;
    feed.subscribe(() => changes++);
    feed.start();
    await new Promise((r) => setTimeout(r, 0));
    live.emit({ type: 'resync' });
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    expect(feed.state).toEqual({ open: [], error: 'Cannot reach the console.' });
    expect(changes).toBe(2);
    feed.stop();
    live.emit({ type: 'resync' });
    expect(calls).toBe(2);
  });
});
