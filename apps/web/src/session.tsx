import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { SessionUser } from '@safefleet/protocol';
import type { AlertFeed, AlertFeedState } from './api/alert-feed';
import type { LiveConnection, LiveEvent, LiveState } from './api/live';

export interface Session {
  user: SessionUser;
  firstRun: boolean;
  live: LiveConnection;
  /** Open alerts, kept current from the live connection (header badge, Overview, /alerts). */
  alerts: AlertFeed;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user and the live connection. Only used inside the signed-in layout. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

export function SessionProvider({ value, children }: { value: Session; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Calls handler for every live event (device updates, fleet changes, resync after reconnect). */
export function useLiveEvents(handler: (e: LiveEvent) => void): void {
  const { live } = useSession();
  useEffect(() => live.subscribe(handler), [live, handler]);
}

export function useLiveState(): LiveState {
  const { live } = useSession();
  const [state, setState] = useState<LiveState>(live.state);
  useEffect(() => live.onState(setState), [live]);
  return state;
}

/** The open alerts, re-rendering when one opens or resolves. */
export function useOpenAlerts(): AlertFeedState {
  const { alerts } = useSession();
  return useSyncExternalStore(alerts.subscribe, alerts.getSnapshot);
}
