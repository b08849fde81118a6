import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { can } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';

/**
 * On every page for the IT lead and the DSL while alerts reach no one: no DSL or IT lead address
 * and no extra recipient, or no mail server for the addresses that are set.
 */
export function NoRecipientBanner() {
  const { user } = useSession();
  const allowed = can(user, 'read-notifications');
  const settings = useResource(() => (allowed ? api.notificationSettings() : Promise.resolve(null)));
  const recipients = useResource(() => (allowed ? api.recipients() : Promise.resolve([])));
  if (!allowed || !settings.data || !recipients.data) return null;
  const s = settings.data.settings;
  const people = [s.dsl, s.onlineSafetyCoordinator, s.itLead].filter((p) => p?.email);
  const emails = people.length + recipients.data.filter((r) => r.channel === 'email').length;
  const webhooks = recipients.data.filter((r) => r.channel === 'webhook').length;
  let words: string | null = null;
  if (emails === 0 && webhooks === 0) words = 'No one receives alerts: no alert recipient is set, so a safeguarding alert reaches no one.';
  else if (!s.smtp && webhooks === 0) words = 'Alerts are not sent: addresses are set but no mail server is, so no email can leave the console.';
  if (!words) return null;
  return (
    <div className="banner banner--warning" role="alert" data-testid="no-recipient-banner">
      <strong>{words}</strong>{' '}
      {can(user, 'edit-notifications') ? <Link to="/settings/notifications">Set who gets alerts</Link> : 'Ask the IT lead to set who gets alerts.'}
    </div>
  );
}
