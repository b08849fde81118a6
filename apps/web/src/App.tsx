import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MeResponse } from '@safefleet/protocol';
import { AlertFeed } from './api/alert-feed';
import { ApiError, onUnauthorised } from './api/client';
import { api } from './api/endpoints';
import { LiveConnection } from './api/live';
import { Layout } from './components/Layout';
import { Loading } from './components/Field';
import { AccountPage } from './pages/AccountPage';
import { ActivityPage } from './pages/ActivityPage';
import { AlertsPage } from './pages/AlertsPage';
import { ConcernDetailPage } from './pages/ConcernDetailPage';
import { ConcernsPage } from './pages/ConcernsPage';
import { DeviceDetailPage } from './pages/DeviceDetailPage';
import { DevicesPage } from './pages/DevicesPage';
import { EnrolmentPage } from './pages/EnrolmentPage';
import { ExceptionsPage } from './pages/ExceptionsPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage';
import { OrganisationPage } from './pages/OrganisationPage';
import { OverviewPage } from './pages/OverviewPage';
import { PolicyPage } from './pages/PolicyPage';
import { ReportPage } from './pages/ReportPage';
import { TabletsPage } from './pages/TabletsPage';
import { UsersPage } from './pages/UsersPage';
import { OrganisationsPage } from './pages/OrganisationsPage';
import { pathAfterSwitch } from './lib/organisations';
import { matchPath, navigate, useLocation } from './router';
import { SessionProvider, type Session } from './session';

type State = { phase: 'loading' } | { phase: 'signed-out'; message?: string } | { phase: 'signed-in'; me: MeResponse };

function Page({ path }: { path: string }) {
  const device = matchPath('/devices/:id', path);
  if (device?.id) return <DeviceDetailPage id={device.id} />;
  const concern = matchPath('/concerns/:id', path);
  if (concern?.id) return <ConcernDetailPage id={concern.id} />;
  switch (path.replace(/\/+$/, '') || '/') {
    case '/':
      return <OverviewPage />;
    case '/devices':
      return <DevicesPage />;
    case '/exceptions':
      return <ExceptionsPage />;
    case '/policy':
      return <PolicyPage />;
    case '/enrolment':
      return <EnrolmentPage />;
    case '/tablets':
      return <TabletsPage />;
    case '/users':
      return <UsersPage />;
    case '/activity':
      return <ActivityPage />;
    case '/account':
      return <AccountPage />;
    case '/report':
      return <ReportPage />;
    case '/alerts':
      return <AlertsPage />;
    case '/concerns':
      return <ConcernsPage />;
    case '/settings/notifications':
      return <NotificationSettingsPage />;
    case '/settings/organisation':
      return <OrganisationPage />;
    case '/organisations':
      return <OrganisationsPage />;
    default:
      return <NotFoundPage />;
  }
}

export function App() {
  const [state, setState] = useState<State>({ phase: 'loading' });
  const { path } = useLocation();

  const checkSession = useCallback(() => {
    api.me().then(
      (me) => setState({ phase: 'signed-in', me }),
      (err: unknown) =>
        setState({
          phase: 'signed-out',
          ...(err instanceof ApiError && err.status !== 401 ? { message: err.message } : {}),
        }),
    );
  }, []);

  // Who and where again (another organisation chosen, in this tab or another): a failure to ask
  // keeps the console as it is, unless the session has really ended.
  const refreshMe = useCallback(() => {
    api.me().then(
      (me) => setState({ phase: 'signed-in', me }),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setState({ phase: 'signed-out', message: err.message });
      },
    );
  }, []);

  useEffect(() => {
    onUnauthorised((message) => setState({ phase: 'signed-out', message }));
    checkSession();
  }, [checkSession]);

  const userId = state.phase === 'signed-in' ? state.me.user.id : null;
  // Everything the signed-in frame holds belongs to one organisation: a new current organisation
  // (switched here or in another tab of the same session) starts the live connection, the open
  // alerts and every page's data again (the frame below is keyed by it).
  const organisationId = state.phase === 'signed-in' ? (state.me.organisation?.id ?? 0) : null;
  const live = useMemo(
    () => (userId === null || organisationId === null ? null : new LiveConnection(checkSession, refreshMe)),
    [userId, organisationId, checkSession, refreshMe],
  );
  const alerts = useMemo(() => (live ? new AlertFeed(live) : null), [live]);
  useEffect(() => {
    if (!live) return;
    live.start();
    return () => live.stop();
  }, [live]);
  useEffect(() => {
    if (!alerts) return;
    alerts.start();
    return () => alerts.stop();
  }, [alerts]);

  useEffect(() => {
    if (state.phase === 'signed-in' && path === '/login') navigate('/', { replace: true });
  }, [state.phase, path]);

  // A page of one device or concern belongs to the organisation left behind: show its list instead.
  const shownOrganisation = useRef(organisationId);
  useEffect(() => {
    const before = shownOrganisation.current;
    shownOrganisation.current = organisationId;
    if (before !== null && organisationId !== null && before !== organisationId) {
      const to = pathAfterSwitch(window.location.pathname);
      if (to !== window.location.pathname) navigate(to, { replace: true });
    }
  }, [organisationId]);

  const switchOrganisation = useCallback(async (id: number, then?: string) => {
    const me = await api.switchOrganisation(id);
    setState({ phase: 'signed-in', me });
    if (then) navigate(then);
  }, []);

  const signOut = useCallback(async () => {
    await api.logout().catch(() => undefined);
    setState({ phase: 'signed-out', message: 'You have signed out.' });
  }, []);

  const session: Session | null = useMemo(
    () =>
      state.phase === 'signed-in' && live && alerts
        ? {
            user: state.me.user,
            firstRun: state.me.firstRun ?? false,
            organisation: state.me.organisation,
            organisations: state.me.organisations ?? [],
            switchOrganisation,
            refresh: refreshMe,
            live,
            alerts,
            signOut,
          }
        : null,
    [state, live, alerts, signOut, switchOrganisation, refreshMe],
  );

  if (state.phase === 'loading') return <Loading what="Opening Safefleet" />;
  if (state.phase === 'signed-out' || !session) {
    return (
      <LoginPage
        {...(state.phase === 'signed-out' && state.message ? { message: state.message } : {})}
        onSignedIn={(me) => setState({ phase: 'signed-in', me })}
      />
    );
  }
  return (
    <SessionProvider value={session}>
      <Layout key={organisationId ?? 0}>
        <Page path={path} />
      </Layout>
    </SessionProvider>
  );
}
