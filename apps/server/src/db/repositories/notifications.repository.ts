import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { notificationRecipients, notificationSettings } from '../schema/index.js';

export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;
export type RecipientRow = typeof notificationRecipients.$inferSelect;
export type NewRecipientRow = typeof notificationRecipients.$inferInsert;

/** The console's alert/email settings (one row) and the extra recipients. */
export class NotificationsRepository {
  constructor(private readonly db: Executor) {}

  settings(): NotificationSettingsRow | undefined {
    return this.db.select().from(notificationSettings).where(eq(notificationSettings.id, 1)).get();
  }

  saveSettings(settingsJson: string, updatedAt: string, updatedBy: string): void {
    this.db
      .insert(notificationSettings)
      .values({ id: 1, settingsJson, updatedAt, updatedBy })
      .onConflictDoUpdate({ target: notificationSettings.id, set: { settingsJson, updatedAt, updatedBy } })
      .run();
  }

  recipients(): RecipientRow[] {
    return this.db.select().from(notificationRecipients).orderBy(asc(notificationRecipients.id)).all();
  }

  findRecipient(id: number): RecipientRow | undefined {
    return this.db.select().from(notificationRecipients).where(eq(notificationRecipients.id, id)).get();
  }

  addRecipient(row: NewRecipientRow): RecipientRow {
    return this.db.insert(notificationRecipients).values(row).returning().get();
  }

  removeRecipient(id: number): boolean {
    return this.db.delete(notificationRecipients).where(eq(notificationRecipients.id, id)).run().changes > 0;
  }
}
