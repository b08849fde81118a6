import { OkResponse } from '../session.js';
import { CreateRoleRequest, KeeperRole, KeeperRoleList, UpdateRoleRequest } from '../roles.js';
import { defineRoute, pathParams } from '../route.js';

const params = pathParams('id');

/** Keeper roles: anyone signed in reads; the admin changes. */
export const rolesApi = {
  list: defineRoute({ method: 'GET', path: '/api/roles', summary: 'Keeper roles', response: KeeperRoleList }),
  create: defineRoute({
    method: 'POST',
    path: '/api/roles',
    summary: 'Add a keeper role (admin)',
    body: CreateRoleRequest,
    status: 201,
    response: KeeperRole,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/roles/:id',
    summary: 'Change a keeper role (admin)',
    params,
    body: UpdateRoleRequest,
    response: KeeperRole,
  }),
  remove: defineRoute({ method: 'DELETE', path: '/api/roles/:id', summary: 'Remove a keeper role (admin)', params, response: OkResponse }),
};
