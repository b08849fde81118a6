import { useEffect, useRef, type ReactNode } from 'react';
import { FIRST_RUN_EMAIL, USER_ROLE_LABELS } from '@safefleet/protocol';
import { openAlertsWords } from '../lib/alerts';
import { ChannelsFirstAsk } from './ApprovedChannels';
import { NoRecipientBanner } from './NoRecipientBanner';
import { SecurityReviewBanner } from './SecurityReviewBanner';
import { can, type Action } from '../lib/permissions';
import { isProvider } from '../lib/organisations';
import { OrganisationSwitcher } from './OrganisationSwitcher';
import { Link, useLocation } from '../router';
import { useLiveState, useOpenAlerts, useSession } from '../session';

/** `providers`: only for someone who looks after several charities (provider in any organisation). */
const NAV: ReadonlyArray<{ to: string; label: string; needs?: Action; providers?: true }> = [
  { to: '/organisations', label: 'Organisations', providers: true },
  { to: '/', label: 'Overview' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/concerns', label: 'Concerns', needs: 'read-concerns' },
  { to: '/devices', label: 'Devices' },
  { to: '/exceptions', label: 'Exceptions & roles' },
  { to: '/policy', label: 'Policy' },
  { to: '/enrolment', label: 'Enrol devices', needs: 'enrol' },
  { to: '/tablets', label: 'Tablets & phones', needs: 'manage-tablets' },
  { to: '/users', label: 'Users', needs: 'manage-users' },
  { to: '/activity', label: 'Activity', needs: 'read-audit' },
  { to: '/report', label: 'Report' },
  { to: '/settings/notifications', label: 'Alert settings', needs: 'read-notifications' },
  { to: '/settings/organisation', label: 'Organisation' },
];

/** The open-alert count in the header: a link to the feed, in words (not colour alone). */
function AlertBadge() {
  const { open } = useOpenAlerts();
  if (!open) return null;
  const n = open.length;
  return (
    <Link to="/alerts" className={`topbar__alerts${n > 0 ? ' topbar__alerts--open' : ''}`} data-testid="open-alerts-badge">
      <span aria-hidden="true">{n > 0 ? '⚠' : '✓'}</span> {openAlertsWords(n)}
    </Link>
  );
}

function isCurrent(to: string, path: string): boolean {
  return to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
}

const LIVE_WORDS = { live: 'Live updates on', connecting: 'Connecting…', offline: 'Reconnecting…' } as const;

/** The signed-in frame: skip link, header, navigation, first-run hint, and the page in <main>. */
export function Layout({ children }: { children: ReactNode }) {
  const session = useSession();
  const { user, firstRun, signOut } = session;
  const provider = isProvider(session);
  const live = useLiveState();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(path);

  // Move focus to the page after in-app navigation (not on first load), so keyboard and
  // screen-reader users start there.
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    main.current?.focus();
  }, [path]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <svg viewBox="0 0 16 16" width="22" height="22" aria-hidden="true">
            <path d="M8 1 2 3.5v4C2 11 4.6 14 8 15c3.4-1 6-4 6-7.5v-4z" fill="currentColor" />
          </svg>
          Safefleet
        </Link>
        <OrganisationSwitcher />
        <span className={`live live--${live}`} role="status">
          <span aria-hidden="true" className="live__dot" /> {LIVE_WORDS[live]}
        </span>
        <AlertBadge />
        <div className="topbar__user">
          <Link to="/account" className="topbar__me">
            {user.email} <span className="muted">· {USER_ROLE_LABELS[user.role]}</span>
          </Link>
          <button type="button" className="button button--quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="nav" aria-label="Main">
        <ul>
          {NAV.filter((n) => (!n.needs || can(user, n.needs)) && (!n.providers || provider)).map((n) => (
            <li key={n.to}>
              <Link to={n.to} aria-current={isCurrent(n.to, path) ? 'page' : undefined}>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {firstRun && user.email === FIRST_RUN_EMAIL && (
          <div className="first-run" role="note">
            <strong>First start.</strong> You are signed in as <code>{FIRST_RUN_EMAIL}</code>, the account the console made when it first started.{' '}
            {can(user, 'manage-users') ? (
              <>
                Add an account for each person on <Link to="/users">Users</Link>, then change this account’s password on{' '}
                <Link to="/account">Your account</Link>.
              </>
            ) : (
              'Ask your IT lead to give you your own account.'
            )}
          </div>
        )}
        <NoRecipientBanner />
        <SecurityReviewBanner />
        <ChannelsFirstAsk />
        {children}
      </main>
    </div>
  );
}

/** Sets the browser tab title for a page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Safefleet`;
  }, [title]);
}
