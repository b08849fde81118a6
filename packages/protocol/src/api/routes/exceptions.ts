import { CreateExceptionRequest, ExceptionList, ExceptionRecord } from '../exceptions.js';
import { defineRoute, pathParams } from '../route.js';

/** Policy exceptions: anyone signed in reads; the admin or the DSL approves and revokes. */
export const exceptionsApi = {
  list: defineRoute({ method: 'GET', path: '/api/exceptions', summary: 'Exceptions, newest first', response: ExceptionList }),
  create: defineRoute({
    method: 'POST',
    path: '/api/exceptions',
    summary: 'Approve an exception (admin or DSL)',
    body: CreateExceptionRequest,
    status: 201,
    response: ExceptionRecord,
  }),
  revoke: defineRoute({
    method: 'DELETE',
    path: '/api/exceptions/:id',
    summary: 'Revoke an exception (admin or DSL)',
    params: pathParams('id'),
    response: ExceptionRecord,
  }),
};
