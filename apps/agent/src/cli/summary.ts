import type { Facts, FactGroup } from '@safefleet/protocol';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function yesNo(v: boolean | null | undefined): string {
  return v === true ? 'yes' : v === false ? 'no' : 'unknown';
}

/** One plain line describing what a fact group found (its error when the collector failed). */
export function summariseGroup(facts: Facts, group: FactGroup): string {
  const g = facts[group];
  if (g.status !== 'ok') return g.error ?? (g.status === 'unsupported' ? 'not supported on this system' : 'failed');
  switch (group) {
    case 'os': {
      const o = facts.os;
      const name = [o.distro, o.release].filter(Boolean).join(' ') || o.platform;
      return `${name}${o.build ? ` build ${o.build}` : ''}${o.arch ? ` (${o.arch})` : ''}${o.hostname ? `, host ${o.hostname}` : ''}`;
    }
    case 'antivirus': {
      const p = facts.antivirus.products;
      if (p.length === 0) return 'no antivirus product found';
      return p.map((x) => `${x.name} (on: ${yesNo(x.enabled)}, real-time: ${yesNo(x.realTime)})`).join('; ');
    }
    case 'updates': {
      const u = facts.updates;
      if (u.pendingCount === null) return 'could not tell which updates are pending';
      const sec = u.securityPendingCount === null ? 'security unknown' : `${u.securityPendingCount} security`;
      return `${plural(u.pendingCount, 'update')} pending (${sec})${u.source ? ` via ${u.source}` : ''}`;
    }
    case 'accounts': {
      const a = facts.accounts.accounts;
      return `${plural(a.length, 'account')}, ${a.filter((x) => x.isHuman).length} for people`;
    }
    case 'apps': {
      const a = facts.apps;
      return `${plural(a.apps.length, 'app')} installed${a.truncated ? ' (list cut short)' : ''}`;
    }
    case 'encryption': {
      const v = facts.encryption.volumes;
      const sys = v.find((x) => x.isSystem);
      return `${v.filter((x) => x.encrypted === true).length} of ${plural(v.length, 'volume')} encrypted; system volume encrypted: ${yesNo(sys?.encrypted)}`;
    }
    case 'screenLock': {
      const u = facts.screenLock.users;
      if (u.length === 0) return 'no interactive users found';
      return u
        .map(
          (x) =>
            `${x.user}: lock ${yesNo(x.lockEnabled)}, idle ${x.idleSeconds === null ? 'unknown' : x.idleSeconds === 0 ? 'never' : `${x.idleSeconds}s`}`,
        )
        .join('; ');
    }
  }
}
