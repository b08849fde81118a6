import { OkResponse } from '../session.js';
import { ConsoleUser, CreateUserRequest, UpdateUserRequest } from '../users.js';
import { defineRoute, pathParams } from '../route.js';

const params = pathParams('id');

/** Console users (admin only). */
export const usersApi = {
  list: defineRoute({ method: 'GET', path: '/api/users', summary: 'Console users', response: ConsoleUser.array() }),
  create: defineRoute({
    method: 'POST',
    path: '/api/users',
    summary: 'Add a console user',
    body: CreateUserRequest,
    status: 201,
    response: ConsoleUser,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/users/:id',
    summary: "Change a user's role or password",
    params,
    body: UpdateUserRequest,
    response: ConsoleUser,
  }),
  resetTotp: defineRoute({
    method: 'POST',
    path: '/api/users/:id/totp/reset',
    summary: "Turn off a user's two-step sign-in (a lost phone); audited",
    params,
    response: ConsoleUser,
  }),
  remove: defineRoute({ method: 'DELETE', path: '/api/users/:id', summary: 'Remove a console user', params, response: OkResponse }),
};
