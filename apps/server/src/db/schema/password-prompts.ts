import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { PROMPT_AGENT_STATES, PROMPT_EMAIL_STATES, PROMPT_KINDS } from '@safefleet/protocol';
import { alertDeliveries } from './alerts.js';
import { devices } from './devices.js';

/**
 * Password reminders sent to keepers: a `notify` command to the device's agent and an email. Keyed
 * by the password date they were about, so a newer date reported by the agent stops them.
 */
export const passwordPrompts = sqliteTable(
  'password_prompts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: PROMPT_KINDS }).notNull(),
    username: text('username'),
    passwordLastSetAt: text('password_last_set_at'),
    dueAt: text('due_at'),
    createdAt: text('created_at').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    agentStatus: text('agent_status', { enum: PROMPT_AGENT_STATES }).notNull(),
    agentSentAt: text('agent_sent_at'),
    commandId: text('command_id'),
    /** When the agent reported the notification shown on screen, and clicked by the keeper. */
    agentShownAt: text('agent_shown_at'),
    agentOpenedAt: text('agent_opened_at'),
    emailStatus: text('email_status', { enum: PROMPT_EMAIL_STATES }).notNull(),
    emailDeliveryId: integer('email_delivery_id').references(() => alertDeliveries.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('password_prompts_device_user_idx').on(t.deviceId, t.username, t.createdAt),
    index('password_prompts_org_created_idx').on(t.organisationId, t.createdAt),
  ],
);
