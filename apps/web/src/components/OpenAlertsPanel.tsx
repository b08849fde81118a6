import { openAlertsWords } from '../lib/alerts';
import { Link } from '../router';
import { useOpenAlerts } from '../session';
import { AlertLine } from './AlertCard';
import { Notice } from './Field';

const SHOW = 5;

/** Overview: the newest open alerts, live, with a link to the full feed. */
export function OpenAlertsPanel() {
  const { open, error } = useOpenAlerts();
  return (
    <section className="card open-alerts" aria-labelledby="open-alerts-panel-title">
      <div className="card__head">
        <h2 id="open-alerts-panel-title">Open alerts</h2>
        {open && (
          <span className={`badge ${open.length > 0 ? 'badge--noncompliant' : 'badge--compliant'}`} data-testid="overview-alert-count">
            <span aria-hidden="true">{open.length > 0 ? '⚠' : '✓'}</span> {openAlertsWords(open.length)}
          </span>
        )}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {open && open.length === 0 && <p>Nothing is open. New alerts appear here as they happen.</p>}
      {open && open.length > 0 && (
        <ul className="alert-lines">
          {open.slice(0, SHOW).map((a) => (
            <AlertLine key={a.id} alert={a} />
          ))}
        </ul>
      )}
      <p className="card__foot">
        <Link to="/alerts">{open && open.length > SHOW ? `See all ${open.length} open alerts` : 'See the alerts page'}</Link>
      </p>
    </section>
  );
}
