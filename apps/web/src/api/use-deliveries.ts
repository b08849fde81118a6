import { useCallback, useEffect, useRef } from 'react';
import type { Delivery } from '@safefleet/protocol';
import { useLiveEvents } from '../session';
import { api } from './endpoints';
import type { LiveEvent } from './live';
import { useResource, type Resource } from './use-resource';

/**
 * The delivery log (admin and DSL only; `enabled` false for other roles gives undefined data and no
 * request). A new or resolved alert queues messages and the worker sends them moments later, so
 * the log is read again just after such an event and once more a few seconds on. While any
 * message is still waiting to send, it is read again every few seconds so results show up.
 */
export function useDeliveries(enabled: boolean, limit = 500): Resource<Delivery[]> {
  const log = useResource(() => (enabled ? api.deliveries({ limit }) : Promise.resolve([])), enabled ? 'on' : 'off');
  const timers = useRef<Array<ReturnType<typeof setTimeout>>>([]);
  const { reload } = log;
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const waiting = enabled && (log.data ?? []).some((d) => d.status === 'pending');
  // log.data: each reload that is still waiting arms the next one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: log.data is the trigger, not a value read
  useEffect(() => {
    if (!waiting) return;
    const t = setTimeout(reload, 4_000);
    return () => clearTimeout(t);
  }, [waiting, log.data, reload]);
  useLiveEvents(
    useCallback(
      (e: LiveEvent) => {
        if (!enabled) return;
        if (e.type !== 'alert-opened' && e.type !== 'alert-resolved' && e.type !== 'resync') return;
        timers.current.forEach(clearTimeout);
        timers.current = [setTimeout(reload, 500), setTimeout(reload, 4_000)];
      },
      [enabled, reload],
    ),
  );
  return enabled ? log : { ...log, data: undefined };
}
