import { useCallback } from 'react';
import type { UpdateNotificationSettingsRequest } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useDeliveries } from '../api/use-deliveries';
import { useResource } from '../api/use-resource';
import { DeliveryLog } from '../components/DeliveryLog';
import { Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { SettingsEmail } from '../components/SettingsEmail';
import { SettingsLadder } from '../components/SettingsLadder';
import { SettingsPeople } from '../components/SettingsPeople';
import { SettingsRecipients } from '../components/SettingsRecipients';
import { SettingsSchedule } from '../components/SettingsSchedule';
import { actorWords, formatDateTime } from '../lib/format';
import { can } from '../lib/permissions';
import { useSession } from '../session';

const SECTIONS: Array<[string, string]> = [
  ['people', 'Who gets alerts'],
  ['email', 'Email'],
  ['recipients', 'Extra recipients'],
  ['ladder', 'Reminders and escalation'],
  ['schedule', 'Daily summary and time limits'],
  ['deliveries', 'Delivery log'],
];

/** Alert and email settings (the IT lead changes them, the DSL reads them) and the delivery log. */
export function NotificationSettingsPage() {
  usePageTitle('Alert settings');
  const { user } = useSession();
  const allowed = can(user, 'read-notifications');
  const editable = can(user, 'edit-notifications');
  const view = useResource(() => (allowed ? api.notificationSettings() : Promise.reject(new Error('not allowed'))), allowed ? 'y' : 'n');
  const recipients = useResource(() => (allowed ? api.recipients() : Promise.resolve([])));
  const deliveries = useDeliveries(allowed, 200);
  const { setData } = view;
  const save = useCallback(
    async (update: UpdateNotificationSettingsRequest) => {
      const next = await api.saveNotificationSettings(update);
      setData(() => next);
      return next;
    },
    [setData],
  );

  if (!allowed) {
    return (
      <>
        <h1>Alert settings</h1>
        <p>Only the IT lead and the DSL can see the alert and email settings.</p>
      </>
    );
  }
  const v = view.data;
  return (
    <>
      <h1>Alert settings</h1>
      <p className="lede">
        Who gets alerts, how emails are sent, and when to remind and escalate.{' '}
        {editable ? 'Only the IT lead can change them.' : 'The IT lead changes these; you can read them.'}
      </p>
      <p className="override-note">
        <span aria-hidden="true">ℹ </span>Values saved on this page take priority over the settings the console was started with.
        {v?.updatedAt && ` Last changed ${formatDateTime(v.updatedAt)}${v.updatedBy ? ` by ${actorWords(v.updatedBy)}` : ''}.`}
      </p>
      <nav className="on-this-page" aria-label="On this page">
        <ul>
          {SECTIONS.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`}>{title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {view.error && <Notice kind="error">{view.error}</Notice>}
      {!v ? (
        <Loading what="Loading the settings" />
      ) : (
        <>
          <div className="columns">
            <SettingsPeople view={v} editable={editable} save={save} />
            <SettingsEmail view={v} editable={editable} save={save} onTestSent={deliveries.reload} />
          </div>
          {recipients.error && <Notice kind="error">{recipients.error}</Notice>}
          {recipients.data && <SettingsRecipients recipients={recipients.data} editable={editable} onChanged={recipients.reload} />}
          <div className="columns">
            <SettingsLadder view={v} editable={editable} save={save} />
            <SettingsSchedule view={v} editable={editable} save={save} />
          </div>
        </>
      )}
      <section aria-labelledby="deliveries-title" id="deliveries">
        <div className="page-head">
          <h2 id="deliveries-title">Delivery log</h2>
          <button type="button" className="button button--quiet" onClick={deliveries.reload}>
            Refresh
          </button>
        </div>
        <p className="muted">Every alert email and channel message, newest first, with each try to send it.</p>
        {deliveries.error && <Notice kind="error">{deliveries.error}</Notice>}
        {!deliveries.data ? <Loading /> : <DeliveryLog deliveries={deliveries.data} canRetryNow={editable} onChanged={deliveries.reload} />}
      </section>
    </>
  );
}
