import { useState } from 'react';
import { APP_CATEGORY_LABELS, type AppsFacts as AppsGroup, type FindingOf } from '@safefleet/protocol';
import { formatDate } from '../lib/format';
import { FactGroup } from './FactsParts';

const SHOW_MAX = 300;

/** Installed apps: catalogued (social & messaging) ones first and highlighted, then the full list with a filter. */
export function AppsFacts({ apps, finding }: { apps: AppsGroup; finding: FindingOf<'social-apps'> | undefined }) {
  const [q, setQ] = useState('');
  const found = finding?.details?.found ?? [];
  const flagged = new Set(found.map((f) => `${f.installedId}|${f.appName}`));
  const needle = q.trim().toLowerCase();
  const matching = apps.apps.filter((a) => !needle || a.name.toLowerCase().includes(needle) || a.id.toLowerCase().includes(needle));

  return (
    <FactGroup title="Installed apps" group={apps}>
      {found.length === 0 ? (
        <p>No social media, messaging, video-chat, dating, live-streaming or work-collaboration apps from the catalogue were found.</p>
      ) : (
        <ul className="catalogued" aria-label="Catalogued apps found">
          {found.map((f, i) => (
            <li
              key={`${f.appId}-${f.installedId}-${
                // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list rebuilt whole on each render; its items have no id of their own
                i
              }`}
              className={f.allowedByException || f.approvedChannel ? 'catalogued--allowed' : 'catalogued--flagged'}
            >
              <strong>{f.name}</strong> <span className="muted">({APP_CATEGORY_LABELS[f.category]})</span> —{' '}
              {f.approvedChannel ? (
                <span>
                  <span aria-hidden="true">✓ </span>Agreed work channel
                </span>
              ) : f.allowedByException ? (
                <span>
                  <span aria-hidden="true">✓ </span>
                  Allowed by exception until {formatDate(f.allowedUntil)}
                  {f.allowedForRole ? `, for the keeper role “${f.allowedForRole}”` : ', for this device'}
                </span>
              ) : (
                <span>
                  <span aria-hidden="true">✕ </span>Not allowed
                </span>
              )}
              <div className="muted small">
                Installed as “{f.appName}” ({f.installedId}){f.user ? ` for ${f.user}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>
          All {apps.apps.length} installed apps{apps.truncated ? ' (the list was cut short)' : ''}
        </summary>
        <label className="inline-label">
          Filter apps <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or id" />
        </label>
        <ul className="app-list">
          {matching.slice(0, SHOW_MAX).map((a, i) => (
            <li
              key={`${a.source}-${a.id}-${
                // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list rebuilt whole on each render; its items have no id of their own
                i
              }`}
              className={flagged.has(`${a.id}|${a.name}`) ? 'app-list__flagged' : undefined}
            >
              {flagged.has(`${a.id}|${a.name}`) && <span className="visually-hidden">Catalogued: </span>}
              {a.name}{' '}
              <span className="muted small">
                {a.version ? `${a.version} · ` : ''}
                {a.source}
              </span>
            </li>
          ))}
        </ul>
        {matching.length > SHOW_MAX && (
          <p className="muted">
            Showing {SHOW_MAX} of {matching.length}. Type in the filter to narrow the list.
          </p>
        )}
      </details>
    </FactGroup>
  );
}
