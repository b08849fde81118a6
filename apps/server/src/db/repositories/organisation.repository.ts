import { desc, eq } from 'drizzle-orm';
import { OrganisationSettings, type SecurityReview } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { organisationSettings, securityReviews } from '../schema/index.js';

const ROW = 1;

/** The organisation row (settings JSON + keeper-link key) and the security review record. */
export class OrganisationRepository {
  constructor(private readonly db: Executor) {}

  /** Stored settings parsed with the protocol schema (defaults for a missing or damaged row). */
  settings(): OrganisationSettings {
    const json = this.db.select().from(organisationSettings).where(eq(organisationSettings.id, ROW)).get()?.settingsJson;
    if (!json) return OrganisationSettings.parse({});
    try {
      const parsed = OrganisationSettings.safeParse(JSON.parse(json));
      return parsed.success ? parsed.data : OrganisationSettings.parse({});
    } catch {
      return OrganisationSettings.parse({});
    }
  }

  putSettings(settings: OrganisationSettings, updatedAt: string, updatedBy: string): void {
    const settingsJson = JSON.stringify(settings);
    this.db
      .insert(organisationSettings)
      .values({ id: ROW, settingsJson, updatedAt, updatedBy })
      .onConflictDoUpdate({ target: organisationSettings.id, set: { settingsJson, updatedAt, updatedBy } })
      .run();
  }

  keeperLinkKey(): string | null {
    return (
      this.db.select({ k: organisationSettings.keeperLinkKey }).from(organisationSettings).where(eq(organisationSettings.id, ROW)).get()?.k ?? null
    );
  }

  /** Stores the key unless one exists; returns the key in force. */
  ensureKeeperLinkKey(key: string, at: string): string {
    const existing = this.keeperLinkKey();
    if (existing) return existing;
    this.db
      .insert(organisationSettings)
      .values({ id: ROW, settingsJson: JSON.stringify(OrganisationSettings.parse({})), keeperLinkKey: key, updatedAt: at, updatedBy: 'system' })
      .onConflictDoUpdate({ target: organisationSettings.id, set: { keeperLinkKey: key } })
      .run();
    return key;
  }

  addReview(row: Omit<SecurityReview, 'id'>): SecurityReview {
    return this.db.insert(securityReviews).values(row).returning().get();
  }

  /** Newest first. */
  reviews(limit = 50): SecurityReview[] {
    return this.db.select().from(securityReviews).orderBy(desc(securityReviews.reviewedAt), desc(securityReviews.id)).limit(limit).all();
  }
}
