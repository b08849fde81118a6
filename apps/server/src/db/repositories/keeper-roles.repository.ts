import { and, asc, eq } from 'drizzle-orm';
import { KeeperRole } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { keeperRoles } from '../schema/index.js';
import { parseStored } from '../stored-json.js';

export type KeeperRoleRow = typeof keeperRoles.$inferSelect;

/** The role's allowed app ids, parsed with the protocol schema (never cast). */
export function allowedAppIdsOf(row: KeeperRoleRow): string[] {
  return parseStored(KeeperRole.shape.allowedAppIds, row.allowedAppIdsJson, `allowed apps of keeper role ${row.id}`);
}

/** The unique key of a role name: trimmed and lower-cased (protocol sameRoleName). */
export function roleNameKey(name: string): string {
  return name.trim().toLowerCase();
}

export class KeeperRolesRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  list(): KeeperRoleRow[] {
    return this.db
      .select()
      .from(keeperRoles)
      .where(eq(keeperRoles.organisationId, this.org))
      .orderBy(asc(keeperRoles.nameKey), asc(keeperRoles.id))
      .all();
  }

  findById(id: number): KeeperRoleRow | undefined {
    return this.db
      .select()
      .from(keeperRoles)
      .where(and(eq(keeperRoles.id, id), eq(keeperRoles.organisationId, this.org)))
      .get();
  }

  findByName(name: string): KeeperRoleRow | undefined {
    return this.db
      .select()
      .from(keeperRoles)
      .where(and(eq(keeperRoles.organisationId, this.org), eq(keeperRoles.nameKey, roleNameKey(name))))
      .get();
  }

  create(input: { name: string; description: string; allowedAppIds: string[]; at: string }): KeeperRoleRow {
    return this.db
      .insert(keeperRoles)
      .values({
        organisationId: this.org,
        name: input.name.trim(),
        nameKey: roleNameKey(input.name),
        description: input.description,
        allowedAppIdsJson: JSON.stringify(input.allowedAppIds),
        createdAt: input.at,
        updatedAt: input.at,
      })
      .returning()
      .get();
  }

  update(id: number, patch: { description?: string; allowedAppIds?: string[]; at: string }): void {
    this.db
      .update(keeperRoles)
      .set({
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.allowedAppIds !== undefined ? { allowedAppIdsJson: JSON.stringify(patch.allowedAppIds) } : {}),
        updatedAt: patch.at,
      })
      .where(and(eq(keeperRoles.id, id), eq(keeperRoles.organisationId, this.org)))
      .run();
  }

  delete(id: number): boolean {
    return (
      this.db
        .delete(keeperRoles)
        .where(and(eq(keeperRoles.id, id), eq(keeperRoles.organisationId, this.org)))
        .run().changes > 0
    );
  }
}
