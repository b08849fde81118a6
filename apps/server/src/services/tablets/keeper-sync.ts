import type { KeeperGroup } from '../../connectors/google-workspace/client.js';
import { transaction, type ServiceContext } from '../context.js';

/** One person from a cloud directory: every address they sign in or receive mail with, their name. */
export interface DirectoryPerson {
  emails: string[];
  name: string | null;
}

/** A group's members (their addresses), in the order the keeper groups were set. */
export interface GroupMembers {
  group: KeeperGroup;
  emails: string[];
}

export interface KeeperSyncResult {
  /** Devices whose keeper name or role changed. */
  updated: number;
  /** People in the directory (with a name or a keeper group). */
  people: number;
}

/**
 * Keepers from a directory (Google Workspace users, Microsoft 365 users), matched to devices by the
 * keeper's email: the directory's name is the keeper's name, and the first keeper group the person
 * is in gives the keeper role. A device whose keeper is not in the directory, or a person in no
 * keeper group, keeps the role the IT lead set. Audited; the caller re-evaluates (role exceptions).
 */
export function applyDirectoryKeepers(
  ctx: ServiceContext,
  source: string,
  people: DirectoryPerson[],
  groups: GroupMembers[],
  actor: string,
): KeeperSyncResult {
  const byEmail = new Map<string, { name: string | null; role: string | null }>();
  for (const p of people) for (const e of p.emails) byEmail.set(e.trim().toLowerCase(), { name: p.name?.trim() || null, role: null });
  // The first group listed wins for someone in several.
  for (const g of [...groups].reverse()) {
    for (const e of g.emails) {
      const key = e.trim().toLowerCase();
      const known = byEmail.get(key) ?? { name: null, role: null };
      byEmail.set(key, { ...known, role: g.group.role });
    }
  }
  // Someone known by two addresses (UPN and mail) gets the role from either.
  for (const p of people) {
    const role = p.emails.map((e) => byEmail.get(e.trim().toLowerCase())?.role).find(Boolean) ?? null;
    if (role) for (const e of p.emails) byEmail.set(e.trim().toLowerCase(), { name: p.name?.trim() || null, role });
  }
  const at = ctx.now().toISOString();
  const updated = transaction(ctx, (r) => {
    const changes: Array<{ id: string; name: string; role: string }> = [];
    for (const d of r.devices.list({ includeRevoked: false })) {
      const person = d.keeperEmail ? byEmail.get(d.keeperEmail.trim().toLowerCase()) : undefined;
      if (!person) continue;
      const name = person.name ?? d.keeperName ?? d.keeperEmail ?? '';
      const role = person.role ?? d.keeperRole ?? '';
      if (name === d.keeperName && role === (d.keeperRole ?? '')) continue;
      r.devices.update(d.id, { keeperName: name, keeperRole: role });
      changes.push({ id: d.id, name, role });
    }
    if (changes.length > 0) {
      r.audit.append(at, {
        actor,
        action: 'keepers.synced',
        target: source,
        detail: { devices: changes.length, changes: changes.slice(0, 50) },
      });
    }
    return changes.length;
  });
  return { updated, people: people.length };
}
