import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AuditEntry, AuditExportQuery } from '@safefleet/protocol';
import { read, transaction, type ServiceContext } from './context.js';
import { csvCell } from './concerns/csv.js';
import { toAuditEntry } from './audit.service.js';

/** Rows read per query while streaming an export (memory stays flat whatever the log's size). */
export const AUDIT_EXPORT_PAGE = 1_000;

export const AUDIT_CSV_HEADER = ['Id', 'When (UTC)', 'Who', 'Action', 'About', 'Details (JSON)'];

export type AuditExportFormat = 'csv' | 'json';

/**
 * The activity log as a file (IT lead only): every entry matching the filters, oldest first, read
 * page by page from SQLite and streamed out, with no cap. The export is itself audited first.
 */
export class AuditExportService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Records `audit.exported` by `actor`, then returns the stream of the file's bytes. */
  export(format: AuditExportFormat, q: AuditExportQuery, actor: string, page = AUDIT_EXPORT_PAGE): Readable {
    const filter = {
      target: q.target,
      action: q.action,
      actor: q.actor,
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
    };
    const shown = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    // The export row is written before the rows are read, so an export that covers "now" lists itself.
    transaction(this.ctx, (r) =>
      r.audit.append(this.ctx.now().toISOString(), { actor, action: 'audit.exported', target: null, detail: { format, filter: shown } }),
    );
    const scope = this.ctx;
    async function* rows(): AsyncGenerator<AuditEntry> {
      let after = 0;
      for (;;) {
        const batch = read(scope).audit.exportPage(filter, after, page);
        for (const row of batch) yield toAuditEntry(row);
        const last = batch[batch.length - 1];
        if (!last || batch.length < page) return;
        after = last.id;
        await yieldToEventLoop();
      }
    }
    async function* csv(): AsyncGenerator<string> {
      yield `\uFEFF${AUDIT_CSV_HEADER.map(csvCell).join(',')}\r\n`;
      for await (const e of rows()) {
        yield `${[e.id, e.at, e.actor, e.action, e.target, e.detail ? JSON.stringify(e.detail) : ''].map(csvCell).join(',')}\r\n`;
      }
    }
    async function* json(): AsyncGenerator<string> {
      yield '[';
      let first = true;
      for await (const e of rows()) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(e)}`;
        first = false;
      }
      yield '\n]\n';
    }
    return Readable.from(format === 'csv' ? csv() : json());
  }
}
