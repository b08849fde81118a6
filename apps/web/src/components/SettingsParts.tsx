import { useState, type ReactNode } from 'react';
import type { NotificationSettingsView, SettingSource, UpdateNotificationSettingsRequest } from '@safefleet/protocol';
import { SOURCE_WORDS } from '../lib/notifications';
import { Notice } from './Field';

/** What every settings section gets from the page. */
export interface SettingsSectionProps {
  view: NotificationSettingsView;
  editable: boolean;
  /** PUT /api/notifications/settings with only the keys given; resolves with the new view. */
  save: (update: UpdateNotificationSettingsRequest) => Promise<NotificationSettingsView>;
}

/** Where the value in force came from: this page, the server's start-up settings, or the default. */
export function SourceNote({ source }: { source: SettingSource | undefined }) {
  if (!source) return null;
  return (
    <p className={`source-note source-note--${source}`}>
      <span aria-hidden="true">{source === 'console' ? '✎ ' : source === 'environment' ? '⚙ ' : '○ '}</span>
      <span className="visually-hidden">Where this comes from: </span>
      {SOURCE_WORDS[source]}
    </p>
  );
}

export function SectionHead({
  id,
  title,
  source,
  children,
}: {
  id: string;
  title: string;
  source?: SettingSource | undefined;
  children?: ReactNode;
}) {
  return (
    <>
      <div className="card__head">
        <h2 id={id}>{title}</h2>
        <SourceNote source={source} />
      </div>
      {children && <p className="muted">{children}</p>}
    </>
  );
}

/** Busy flag and a success/error message for one section's buttons. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const run = async (fn: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
      setMessage({ kind: 'success', text: done });
      return true;
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const fail = (text: string) => setMessage({ kind: 'error', text });
  const notice = message ? <Notice kind={message.kind}>{message.text}</Notice> : null;
  return { busy, run, fail, notice };
}

/** A read-only value for people who may not change it (no edit controls). */
export function ReadValue({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function orNone(v: string | null | undefined, none = 'Not set'): ReactNode {
  return v ? v : <span className="muted">{none}</span>;
}
