import { AuditExportQuery, AuditList, AuditQuery } from '../audit.js';
import { defineRoute } from '../route.js';

export const auditApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/audit',
    summary: 'The audit trail, newest first (admin or DSL)',
    query: AuditQuery,
    response: AuditList,
  }),
  /** text/csv attachment, streamed: not JSON, so no response schema and no web call (a download link). */
  exportCsv: defineRoute({
    method: 'GET',
    path: '/api/audit/export.csv',
    summary: 'The whole audit trail matching the filters as a CSV file, oldest first (IT lead only; the export is audited)',
    query: AuditExportQuery,
  }),
  /** application/json attachment (an AuditEntry array), streamed; a download link, not a web call. */
  exportJson: defineRoute({
    method: 'GET',
    path: '/api/audit/export.json',
    summary: 'The whole audit trail matching the filters as a JSON file, oldest first (IT lead only; the export is audited)',
    query: AuditExportQuery,
  }),
};
