import type { AuditEntry, AuditQuery } from '@safefleet/protocol';
import type { AuditRow } from '../db/repositories/audit.repository.js';
import { read, transaction, type ServiceContext } from './context.js';

/** Reads the audit trail (GET /api/audit). Entries never hold secrets: writers make sure of that. */
export class AuditService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Appends one row now (for refusals and other events that change nothing else). */
  record(actor: string, action: string, target: string | null, detail: Record<string, unknown> | null = null): void {
    transaction(this.ctx, (r) => r.audit.append(this.ctx.now().toISOString(), { actor, action, target, detail }));
  }

  list(q: AuditQuery): AuditEntry[] {
    return read(this.ctx).audit.list({ limit: q.limit, before: q.before, target: q.target }).map(toAuditEntry);
  }
}

/** A stored row as the API gives it out. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  return { id: row.id, at: row.at, actor: row.actor, action: row.action, target: row.target, detail: parseDetail(row.detailJson) };
}

function parseDetail(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text: json };
  }
}
