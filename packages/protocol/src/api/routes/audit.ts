import { AuditList, AuditQuery } from '../audit.js';
import { defineRoute } from '../route.js';

export const auditApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/audit',
    summary: 'The audit trail, newest first (admin or DSL)',
    query: AuditQuery,
    response: AuditList,
  }),
};
