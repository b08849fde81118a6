import { desc } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { auditLog } from '../schema/index.js';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
}

export class AuditRepository {
  constructor(private readonly db: Executor) {}

  append(at: string, e: AuditEntry): void {
    this.db
      .insert(auditLog)
      .values({
        at,
        actor: e.actor,
        action: e.action,
        target: e.target ?? null,
        detailJson: e.detail ? JSON.stringify(e.detail) : null,
      })
      .run();
  }

  latest(limit = 100): AuditRow[] {
    return this.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
  }
}
