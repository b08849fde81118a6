import { desc, eq } from 'drizzle-orm';
import { OrganisationSettings, type SecurityReview } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { organisationSettings, securityReviews } from '../schema/index.js';

/** A security review as the API gives it (the organisation is the repository's, not a field). */
const REVIEW_COLUMNS = {
  id: securityReviews.id,
  reviewedAt: securityReviews.reviewedAt,
  reviewedBy: securityReviews.reviewedBy,
  notes: securityReviews.notes,
  nextDueAt: securityReviews.nextDueAt,
  recordedAt: securityReviews.recordedAt,
  recordedBy: securityReviews.recordedBy,
};

/** The organisation's settings row (id = the organisation's id: settings JSON + keeper-link key) and its security review record. */
export class OrganisationRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** Stored settings parsed with the protocol schema (defaults for a missing or damaged row). */
  settings(): OrganisationSettings {
    const json = this.db.select().from(organisationSettings).where(eq(organisationSettings.id, this.org)).get()?.settingsJson;
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
      .values({ id: this.org, settingsJson, updatedAt, updatedBy })
      .onConflictDoUpdate({ target: organisationSettings.id, set: { settingsJson, updatedAt, updatedBy } })
      .run();
  }

  keeperLinkKey(): string | null {
    return (
      this.db.select({ k: organisationSettings.keeperLinkKey }).from(organisationSettings).where(eq(organisationSettings.id, this.org)).get()?.k ??
      null
    );
  }

  /** Stores the key unless one exists; returns the key in force. */
  ensureKeeperLinkKey(key: string, at: string): string {
    const existing = this.keeperLinkKey();
    if (existing) return existing;
    this.db
      .insert(organisationSettings)
      .values({ id: this.org, settingsJson: JSON.stringify(OrganisationSettings.parse({})), keeperLinkKey: key, updatedAt: at, updatedBy: 'system' })
      .onConflictDoUpdate({ target: organisationSettings.id, set: { keeperLinkKey: key } })
      .run();
    return key;
  }

  addReview(row: Omit<SecurityReview, 'id'>): SecurityReview {
    return this.db
      .insert(securityReviews)
      .values({ ...row, organisationId: this.org })
      .returning(REVIEW_COLUMNS)
      .get();
  }

  /** Newest first. */
  reviews(limit = 50): SecurityReview[] {
    return this.db
      .select(REVIEW_COLUMNS)
      .from(securityReviews)
      .where(eq(securityReviews.organisationId, this.org))
      .orderBy(desc(securityReviews.reviewedAt), desc(securityReviews.id))
      .limit(limit)
      .all();
  }
}
