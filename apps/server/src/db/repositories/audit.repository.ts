import { and, asc, desc, eq, gt, gte, isNull, lt, max, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { auditLog } from '../schema/index.js';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
}

/**
 * The organisation's activity log (`org` = its id), or with `org` null the console-wide rows (scheduler
 * runs, sign-in failures for unknown emails): consoleWide(db).audit. Reads see only the rows of `org`.
 */
export class AuditRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number | null,
  ) {}

  private mine(): SQL {
    return this.org === null ? isNull(auditLog.organisationId) : eq(auditLog.organisationId, this.org);
  }

  append(at: string, e: AuditEntry): void {
    this.db
      .insert(auditLog)
      .values({
        organisationId: this.org,
        at,
        actor: e.actor,
        action: e.action,
        target: e.target ?? null,
        detailJson: e.detail ? JSON.stringify(e.detail) : null,
      })
      .run();
  }

  /** Newest first; `before` pages back (id < before); `target` keeps one target's entries. */
  list(q: { limit: number; before?: number | undefined; target?: string | undefined }): AuditRow[] {
    const conds: SQL[] = [this.mine()];
    if (q.before !== undefined) conds.push(lt(auditLog.id, q.before));
    if (q.target !== undefined) conds.push(eq(auditLog.target, q.target));
    return this.db
      .select()
      .from(auditLog)
      .where(and(...conds))
      .orderBy(desc(auditLog.id))
      .limit(q.limit)
      .all();
  }

  /**
   * One page of the export, oldest first: entries with id > `afterId` matching every given filter
   * (`from` inclusive, `to` exclusive, ISO times as stored). The caller pages on by the last id.
   */
  exportPage(
    q: { target?: string | undefined; action?: string | undefined; actor?: string | undefined; from?: string | undefined; to?: string | undefined },
    afterId: number,
    limit: number,
  ): AuditRow[] {
    const conds: SQL[] = [this.mine(), gt(auditLog.id, afterId)];
    if (q.target !== undefined) conds.push(eq(auditLog.target, q.target));
    if (q.action !== undefined) conds.push(eq(auditLog.action, q.action));
    if (q.actor !== undefined) conds.push(eq(auditLog.actor, q.actor));
    if (q.from !== undefined) conds.push(gte(auditLog.at, q.from));
    if (q.to !== undefined) conds.push(lt(auditLog.at, q.to));
    return this.db
      .select()
      .from(auditLog)
      .where(and(...conds))
      .orderBy(asc(auditLog.id))
      .limit(limit)
      .all();
  }

  /** Latest `auth.login` time per target (user email), in any organisation (a sign-in is the user's, not an organisation's). */
  lastSignIns(): Map<string, string> {
    const rows = this.db
      .select({ target: auditLog.target, at: max(auditLog.at) })
      .from(auditLog)
      .where(eq(auditLog.action, 'auth.login'))
      .groupBy(auditLog.target)
      .all();
    const out = new Map<string, string>();
    for (const r of rows) if (r.target && r.at) out.set(r.target, r.at);
    return out;
  }

  latest(limit = 100): AuditRow[] {
    return this.db.select().from(auditLog).where(this.mine()).orderBy(desc(auditLog.id)).limit(limit).all();
  }
}
