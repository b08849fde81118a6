import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { can } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';

/** On every page for the IT lead and the DSL while the twice-yearly security review is due or overdue. */
export function SecurityReviewBanner() {
  const { user } = useSession();
  const allowed = can(user, 'read-notifications');
  const status = useResource(() => (allowed ? api.securityReviews() : Promise.resolve(null)));
  const s = status.data;
  if (!allowed || !s || !s.due) return null;
  const words =
    s.reviews.length === 0
      ? 'No security review is recorded: the policy asks for one at least twice a year.'
      : s.overdue
        ? `The security review was due on ${s.nextDueAt} and is overdue.`
        : `The security review is due by ${s.nextDueAt}.`;
  return (
    <div className="banner banner--warning" role="status" data-testid="security-review-banner">
      <strong>{words}</strong> <Link to="/settings/organisation">Record the review</Link>
    </div>
  );
}
