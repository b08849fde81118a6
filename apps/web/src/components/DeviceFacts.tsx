import { findingFor, type Facts, type Finding } from '@safefleet/protocol';
import { FINDING_LABELS } from '../lib/controls';
import { ageDays, formatDate, formatDateTime } from '../lib/format';
import { AppsFacts } from './AppsFacts';
import { FactGroup, SimpleTable, yesNo } from './FactsParts';

const PENDING_MAX = 50;

function minutes(s: number | null | undefined): string {
  if (s === null || s === undefined) return 'Can’t tell';
  if (s === 0) return 'Never';
  return s % 60 === 0 ? `${s / 60} min` : `${Math.round(s / 6) / 10} min`;
}

/** What the agent found, behind each control's result. */
export function DeviceFacts({ facts, findings }: { facts: Facts; findings: Finding[] }) {
  const { antivirus, updates, accounts, encryption, screenLock } = facts;
  const pwStatus = new Map((findingFor(findings, 'password-age')?.details?.accounts ?? []).map((a) => [a.username, a]));
  const pending = [...updates.pending].sort((a, b) => Number(b.security) - Number(a.security));

  return (
    <div className="facts">
      <FactGroup title="Antivirus and anti-spyware" group={antivirus}>
        {antivirus.products.length === 0 ? (
          <p>No antivirus product was found.</p>
        ) : (
          <SimpleTable
            caption="Antivirus products"
            head={['Product', 'Switched on', 'Real-time scanning', 'Covers spyware', 'Definitions updated']}
            rows={antivirus.products.map((p) => [
              p.name,
              yesNo(p.enabled),
              yesNo(p.realTime),
              yesNo(p.antispyware),
              p.signaturesUpdatedAt
                ? `${formatDate(p.signaturesUpdatedAt)} (${ageDays(p.signaturesUpdatedAt)} days ago)`
                : p.signaturesUpToDate === null
                  ? 'Can’t tell'
                  : p.signaturesUpToDate
                    ? 'Up to date'
                    : 'Out of date',
            ])}
          />
        )}
      </FactGroup>

      <FactGroup title="Operating system updates" group={updates}>
        <p>
          {updates.pendingCount === null
            ? 'The number of waiting updates could not be read.'
            : `${updates.pendingCount} update${updates.pendingCount === 1 ? '' : 's'} waiting, ${updates.securityPendingCount ?? 0} of them security updates.`}{' '}
          Updates last installed: {formatDate(updates.lastInstalledAt)}.
          {updates.oldestSecurityPendingSince && ` Oldest security update waiting since ${formatDate(updates.oldestSecurityPendingSince)}.`}
        </p>
        {pending.length > 0 && (
          <details>
            <summary>Waiting updates</summary>
            <ul className="app-list">
              {pending.slice(0, PENDING_MAX).map((u, i) => (
                <li
                  key={`${u.name}-${
                    // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list rebuilt whole on each render; its items have no id of their own
                    i
                  }`}
                >
                  {u.security && <strong>Security: </strong>}
                  {u.name} <span className="muted small">{u.version ?? ''}</span>
                  {u.firstSeenAt && <span className="muted small"> · waiting since {formatDate(u.firstSeenAt)}</span>}
                </li>
              ))}
            </ul>
            {pending.length > PENDING_MAX && <p className="muted">…and {pending.length - PENDING_MAX} more.</p>}
          </details>
        )}
      </FactGroup>

      <FactGroup title="Accounts and password ages" group={accounts}>
        <SimpleTable
          caption="Accounts"
          head={['Account', 'Kind', 'Password last changed', 'Result']}
          rows={accounts.accounts
            .filter((a) => a.isHuman)
            .map((a) => {
              const r = pwStatus.get(a.username);
              const age = ageDays(a.passwordLastSetAt);
              return [
                a.username,
                `Person (${a.source})`,
                a.mustChangeAtNextLogin
                  ? 'Must change at next sign-in'
                  : a.passwordLastSetAt
                    ? `${formatDate(a.passwordLastSetAt)} (${age} days ago)`
                    : `Unknown${a.note ? `: ${a.note}` : ''}`,
                r ? `${FINDING_LABELS[r.status]}${r.dueAt && r.status !== 'pass' ? `, due ${formatDate(r.dueAt)}` : ''}` : '—',
              ];
            })}
        />
        {accounts.accounts.some((a) => !a.isHuman) && (
          <p className="muted small">{accounts.accounts.filter((a) => !a.isHuman).length} service or system accounts are not counted.</p>
        )}
      </FactGroup>

      <AppsFacts apps={facts.apps} finding={findingFor(findings, 'social-apps')} />

      <FactGroup title="Disk encryption" group={encryption}>
        <SimpleTable
          caption="Volumes"
          head={['Drive', 'System drive', 'Encrypted', 'How']}
          rows={encryption.volumes.map((v) => [v.mount, v.isSystem ? 'Yes' : 'No', yesNo(v.encrypted), v.method ?? v.detail ?? '—'])}
        />
      </FactGroup>

      <FactGroup title="Screen lock" group={screenLock}>
        <SimpleTable
          caption="Screen lock per user"
          head={['User', 'Locks with password', 'Blanks after', 'Then locks after']}
          rows={screenLock.users.map((u) => [u.user, yesNo(u.lockEnabled), minutes(u.idleSeconds), minutes(u.lockDelaySeconds ?? 0)])}
        />
      </FactGroup>
      <p className="muted small">
        Facts collected {formatDateTime(facts.collectedAt)} by agent {facts.agentVersion}.
      </p>
    </div>
  );
}
