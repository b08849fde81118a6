import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { checkinLinks, connectors, directoryUsers } from '../schema/index.js';

export type ConnectorRow = Omit<typeof connectors.$inferSelect, 'organisationId'>;
export type DirectoryUserRow = Omit<typeof directoryUsers.$inferSelect, 'organisationId'>;
export type CheckinLinkRow = typeof checkinLinks.$inferSelect;

/** A check-in link looked up by its token alone (the keeper's sign-in-free page): console-wide, it tells the organisation. */
export function findActiveCheckinLink(db: Executor, tokenHash: string): CheckinLinkRow | undefined {
  return db
    .select()
    .from(checkinLinks)
    .where(and(eq(checkinLinks.tokenHash, tokenHash), isNull(checkinLinks.revokedAt)))
    .get();
}

/** MDM connectors, directory users (password dates) and keeper check-in links. */
export class TabletsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  connector(provider: string): ConnectorRow | undefined {
    return this.db
      .select()
      .from(connectors)
      .where(and(eq(connectors.organisationId, this.org), eq(connectors.provider, provider)))
      .get();
  }

  connectors(): ConnectorRow[] {
    return this.db.select().from(connectors).where(eq(connectors.organisationId, this.org)).all();
  }

  saveConnector(row: Omit<ConnectorRow, 'lastSyncAt' | 'lastResult' | 'lastMessage'>): void {
    this.db
      .insert(connectors)
      .values({ ...row, organisationId: this.org })
      .onConflictDoUpdate({
        target: [connectors.organisationId, connectors.provider],
        set: { enabled: row.enabled, settingsJson: row.settingsJson, secretEnc: row.secretEnc, updatedAt: row.updatedAt },
      })
      .run();
  }

  deleteConnector(provider: string): boolean {
    return (
      this.db
        .delete(connectors)
        .where(and(eq(connectors.organisationId, this.org), eq(connectors.provider, provider)))
        .run().changes > 0
    );
  }

  recordSync(provider: string, at: string, result: 'ok' | 'error', message: string): void {
    this.db
      .update(connectors)
      .set({ lastSyncAt: at, lastResult: result, lastMessage: message })
      .where(and(eq(connectors.organisationId, this.org), eq(connectors.provider, provider)))
      .run();
  }

  upsertDirectoryUser(row: DirectoryUserRow): void {
    this.db
      .insert(directoryUsers)
      .values({ ...row, organisationId: this.org })
      .onConflictDoUpdate({
        target: [directoryUsers.organisationId, directoryUsers.provider, directoryUsers.upn],
        set: { mail: row.mail, displayName: row.displayName, passwordChangedAt: row.passwordChangedAt, syncedAt: row.syncedAt },
      })
      .run();
  }

  /** A directory user by UPN or mail (case-insensitive). */
  directoryUser(provider: string, upnOrMail: string): DirectoryUserRow | undefined {
    const key = upnOrMail.trim().toLowerCase();
    return this.db
      .select()
      .from(directoryUsers)
      .where(
        and(
          eq(directoryUsers.organisationId, this.org),
          eq(directoryUsers.provider, provider),
          sql`(${directoryUsers.upn} = ${key} OR lower(${directoryUsers.mail}) = ${key})`,
        ),
      )
      .get();
  }

  createCheckinLink(row: Omit<CheckinLinkRow, 'revokedAt' | 'lastUsedAt' | 'organisationId'>): void {
    this.db
      .insert(checkinLinks)
      .values({ ...row, organisationId: this.org, revokedAt: null, lastUsedAt: null })
      .run();
  }

  /** Revokes the device's active links (a new link replaces the old one). */
  revokeCheckinLinks(deviceId: string, at: string): void {
    this.db
      .update(checkinLinks)
      .set({ revokedAt: at })
      .where(and(eq(checkinLinks.organisationId, this.org), eq(checkinLinks.deviceId, deviceId), isNull(checkinLinks.revokedAt)))
      .run();
  }

  activeCheckinLink(tokenHash: string): CheckinLinkRow | undefined {
    return this.db
      .select()
      .from(checkinLinks)
      .where(and(eq(checkinLinks.organisationId, this.org), eq(checkinLinks.tokenHash, tokenHash), isNull(checkinLinks.revokedAt)))
      .get();
  }

  markCheckinLinkUsed(id: string, at: string): void {
    this.db
      .update(checkinLinks)
      .set({ lastUsedAt: at })
      .where(and(eq(checkinLinks.organisationId, this.org), eq(checkinLinks.id, id)))
      .run();
  }

  /** Active (not revoked) check-in links of these devices, newest first per device. */
  activeCheckinLinks(deviceIds: string[]): Map<string, CheckinLinkRow> {
    const out = new Map<string, CheckinLinkRow>();
    if (deviceIds.length === 0) return out;
    const rows = this.db
      .select()
      .from(checkinLinks)
      .where(and(eq(checkinLinks.organisationId, this.org), inArray(checkinLinks.deviceId, deviceIds), isNull(checkinLinks.revokedAt)))
      .orderBy(sql`${checkinLinks.createdAt} DESC`)
      .all();
    for (const r of rows) if (!out.has(r.deviceId)) out.set(r.deviceId, r);
    return out;
  }
}
