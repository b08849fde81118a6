import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { notificationRecipients, notificationSettings } from '../schema/index.js';

export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;
export type RecipientRow = typeof notificationRecipients.$inferSelect;
export type NewRecipientRow = Omit<typeof notificationRecipients.$inferInsert, 'organisationId'>;

/** The organisation's alert/email settings (its row: id = the organisation's id) and the extra recipients. */
export class NotificationsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  settings(): NotificationSettingsRow | undefined {
    return this.db.select().from(notificationSettings).where(eq(notificationSettings.id, this.org)).get();
  }

  saveSettings(settingsJson: string, updatedAt: string, updatedBy: string): void {
    this.db
      .insert(notificationSettings)
      .values({ id: this.org, settingsJson, updatedAt, updatedBy })
      .onConflictDoUpdate({ target: notificationSettings.id, set: { settingsJson, updatedAt, updatedBy } })
      .run();
  }

  recipients(): RecipientRow[] {
    return this.db
      .select()
      .from(notificationRecipients)
      .where(eq(notificationRecipients.organisationId, this.org))
      .orderBy(asc(notificationRecipients.id))
      .all();
  }

  findRecipient(id: number): RecipientRow | undefined {
    return this.db
      .select()
      .from(notificationRecipients)
      .where(and(eq(notificationRecipients.id, id), eq(notificationRecipients.organisationId, this.org)))
      .get();
  }

  addRecipient(row: NewRecipientRow): RecipientRow {
    return this.db
      .insert(notificationRecipients)
      .values({ ...row, organisationId: this.org })
      .returning()
      .get();
  }

  removeRecipient(id: number): boolean {
    return (
      this.db
        .delete(notificationRecipients)
        .where(and(eq(notificationRecipients.id, id), eq(notificationRecipients.organisationId, this.org)))
        .run().changes > 0
    );
  }
}
