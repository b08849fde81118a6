import { and, desc, eq, gte, isNull, max } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { passwordPrompts } from '../schema/index.js';

export type PasswordPromptRow = typeof passwordPrompts.$inferSelect;
export type NewPasswordPromptRow = Omit<typeof passwordPrompts.$inferInsert, 'organisationId'>;

export class PasswordPromptsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  create(row: NewPasswordPromptRow): PasswordPromptRow {
    return this.db
      .insert(passwordPrompts)
      .values({ ...row, organisationId: this.org })
      .returning()
      .get();
  }

  update(id: number, patch: Partial<Omit<PasswordPromptRow, 'id' | 'organisationId'>>): void {
    this.db
      .update(passwordPrompts)
      .set(patch)
      .where(and(eq(passwordPrompts.id, id), eq(passwordPrompts.organisationId, this.org)))
      .run();
  }

  /** The latest prompt about one account's password as of a given last-set date. */
  latestFor(deviceId: string, username: string, passwordLastSetAt: string | null): PasswordPromptRow | undefined {
    return this.db
      .select()
      .from(passwordPrompts)
      .where(
        and(
          eq(passwordPrompts.organisationId, this.org),
          eq(passwordPrompts.deviceId, deviceId),
          eq(passwordPrompts.username, username),
          passwordLastSetAt === null ? isNull(passwordPrompts.passwordLastSetAt) : eq(passwordPrompts.passwordLastSetAt, passwordLastSetAt),
        ),
      )
      .orderBy(desc(passwordPrompts.id))
      .limit(1)
      .get();
  }

  /** The prompt whose notify command had this id, on this device. */
  byCommand(deviceId: string, commandId: string): PasswordPromptRow | undefined {
    return this.db
      .select()
      .from(passwordPrompts)
      .where(and(eq(passwordPrompts.organisationId, this.org), eq(passwordPrompts.deviceId, deviceId), eq(passwordPrompts.commandId, commandId)))
      .get();
  }

  forDevice(deviceId: string, limit = 200): PasswordPromptRow[] {
    return this.db
      .select()
      .from(passwordPrompts)
      .where(and(eq(passwordPrompts.organisationId, this.org), eq(passwordPrompts.deviceId, deviceId)))
      .orderBy(desc(passwordPrompts.id))
      .limit(limit)
      .all();
  }

  /** Latest prompt time per device. */
  lastPromptAt(): Map<string, string> {
    const rows = this.db
      .select({ deviceId: passwordPrompts.deviceId, at: max(passwordPrompts.createdAt) })
      .from(passwordPrompts)
      .where(eq(passwordPrompts.organisationId, this.org))
      .groupBy(passwordPrompts.deviceId)
      .all();
    return new Map(rows.flatMap((r) => (r.at ? [[r.deviceId, r.at] as [string, string]] : [])));
  }

  hasQuarterlySince(deviceId: string, sinceIso: string): boolean {
    return (
      this.db
        .select({ id: passwordPrompts.id })
        .from(passwordPrompts)
        .where(
          and(
            eq(passwordPrompts.organisationId, this.org),
            eq(passwordPrompts.deviceId, deviceId),
            eq(passwordPrompts.kind, 'quarterly'),
            gte(passwordPrompts.createdAt, sinceIso),
          ),
        )
        .limit(1)
        .get() !== undefined
    );
  }
}
