import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { OrganisationMembership, OrganisationRef, SessionUser } from '@safefleet/protocol';
import type { AlertFeed, AlertFeedState } from './api/alert-feed';
import type { LiveConnection, LiveEvent, LiveState } from './api/live';

export interface Session {
  /** The signed-in user; `role` is their role in the current organisation. */
  user: SessionUser;
  firstRun: boolean;
  /** The organisation this session acts in (absent from a console without organisations). */
  organisation: OrganisationRef | undefined;
  /** Every organisation the user belongs to, with their role there (one on a single-charity console). */
  organisations: OrganisationMembership[];
  /**
   * Acts in another organisation (POST /api/auth/organisation): every page's data, the open alerts
   * and the live connection start again for it. Goes to `then` afterwards, if given.
   */
  switchOrganisation: (organisationId: number, then?: string) => Promise<void>;
  /** Asks the console again who is signed in and where (after adding an organisation). */
  refresh: () => void;
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
