import {
  ActionConcernRequest,
  AddConcernNoteRequest,
  AssessConcernRequest,
  CloseConcernRequest,
  ConcernDetail,
  ConcernList,
  ConcernListQuery,
  CreateConcernRequest,
  TriageConcernsRequest,
  TriageConcernsResponse,
} from '../concerns.js';
import { defineRoute, pathParams } from '../route.js';

const params = pathParams('id');

/** The safeguarding concern log (admin or DSL; a viewer gets 403 even to read). */
export const concernsApi = {
  list: defineRoute({ method: 'GET', path: '/api/concerns', summary: 'Concerns, newest first', query: ConcernListQuery, response: ConcernList }),
  /** text/csv attachment: not JSON, so no response schema and no web call. */
  csv: defineRoute({ method: 'GET', path: '/api/concerns.csv', summary: 'Concerns as a CSV file (same filters)', query: ConcernListQuery }),
  create: defineRoute({
    method: 'POST',
    path: '/api/concerns',
    summary: 'Log a concern by hand',
    body: CreateConcernRequest,
    status: 201,
    response: ConcernDetail,
  }),
  triage: defineRoute({
    method: 'POST',
    path: '/api/concerns/triage',
    summary: 'Triage one or many waiting concerns (to-triage → logged or closed)',
    body: TriageConcernsRequest,
    response: TriageConcernsResponse,
  }),
  detail: defineRoute({ method: 'GET', path: '/api/concerns/:id', summary: 'One concern with its events', params, response: ConcernDetail }),
  /** text/html printable record. */
  print: defineRoute({ method: 'GET', path: '/api/concerns/:id/print', summary: 'Printable record (HTML)', params }),
  assess: defineRoute({
    method: 'POST',
    path: '/api/concerns/:id/assess',
    summary: 'Record the assessment (logged → assessed)',
    params,
    body: AssessConcernRequest,
    response: ConcernDetail,
  }),
  action: defineRoute({
    method: 'POST',
    path: '/api/concerns/:id/action',
    summary: 'Record the action taken (assessed → actioned)',
    params,
    body: ActionConcernRequest,
    response: ConcernDetail,
  }),
  close: defineRoute({
    method: 'POST',
    path: '/api/concerns/:id/close',
    summary: 'Close (actioned → closed)',
    params,
    body: CloseConcernRequest.prefault({}),
    response: ConcernDetail,
  }),
  addNote: defineRoute({
    method: 'POST',
    path: '/api/concerns/:id/notes',
    summary: 'Add a note (any state)',
    params,
    body: AddConcernNoteRequest,
    response: ConcernDetail,
  }),
};
