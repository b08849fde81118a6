import { useCallback, useEffect, useRef } from 'react';
import type { DeviceSummary } from '@safefleet/protocol';
import { useLiveEvents } from '../session';

/**
 * Keeps a page current from the console WebSocket: `onDevice` gets each updated device row at once;
 * `reload` runs (debounced, so a burst of events is one request) after any change, fleet-wide
 * change, or reconnect.
 */
export function useLiveReload(reload: () => void, onDevice?: (d: DeviceSummary) => void, onRemoved?: (id: string) => void): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const deviceRef = useRef(onDevice);
  deviceRef.current = onDevice;
  const removedRef = useRef(onRemoved);
  removedRef.current = onRemoved;

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const handler = useCallback((e: { type: string; device?: DeviceSummary; deviceId?: string }) => {
    // Alerts have their own feed (api/alert-feed.ts); the device changes behind them come as device-updated.
    if (e.type === 'hello' || e.type === 'alert-opened' || e.type === 'alert-resolved') return;
    if (e.type === 'device-updated' && e.device) deviceRef.current?.(e.device);
    if (e.type === 'device-removed' && e.deviceId) removedRef.current?.(e.deviceId);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => reloadRef.current(), 400);
  }, []);
  useLiveEvents(handler);
}
