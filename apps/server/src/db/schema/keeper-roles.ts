import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Keeper roles the IT lead defines (KeeperRole in the protocol). `name_key` is the name trimmed and
 * lower-cased (sameRoleName), unique, so two roles never differ only by case or spaces.
 * `allowed_app_ids_json` is a statement of intent for the exception form: it allows nothing itself.
 */
export const keeperRoles = sqliteTable(
  'keeper_roles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    description: text('description').notNull().default(''),
    allowedAppIdsJson: text('allowed_app_ids_json').notNull().default('[]'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('keeper_roles_org_name_key_unique').on(t.organisationId, t.nameKey)],
);
