import { sameRoleName, type CreateRoleRequest, type KeeperRole, type UpdateRoleRequest } from '@safefleet/protocol';
import { allowedAppIdsOf, type KeeperRoleRow } from '../db/repositories/keeper-roles.repository.js';
import type { Repositories } from '../db/repositories/index.js';
import { checkAppIds } from './catalogue.js';
import { read, transaction, type ServiceContext } from './context.js';
import { AppError, notFound } from './errors.js';

function toKeeperRole(row: KeeperRoleRow, keeperRoles: string[]): KeeperRole {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    allowedAppIds: allowedAppIdsOf(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deviceCount: keeperRoles.filter((k) => sameRoleName(row.name, k)).length,
  };
}

/** Keeper roles of non-revoked devices (for deviceCount). */
function keeperRolesOf(r: Repositories): string[] {
  return r.devices
    .list()
    .map((d) => d.keeperRole ?? '')
    .filter((k) => k.trim() !== '');
}

/**
 * Keeper roles (admin defines them; anyone reads them). allowedAppIds only pre-fill the exception
 * form: nothing is allowed without an exception.
 */
export class KeeperRolesService {
  constructor(private readonly ctx: ServiceContext) {}

  list(): KeeperRole[] {
    const r = read(this.ctx);
    const keepers = keeperRolesOf(r);
    return r.keeperRoles.list().map((row) => toKeeperRole(row, keepers));
  }

  get(id: number): KeeperRole {
    const r = read(this.ctx);
    const row = r.keeperRoles.findById(id);
    if (!row) throw notFound('Keeper role');
    return toKeeperRole(row, keeperRolesOf(r));
  }

  create(input: CreateRoleRequest, actor: string): KeeperRole {
    const allowedAppIds = checkAppIds(input.allowedAppIds);
    const at = this.ctx.now().toISOString();
    const row = transaction(this.ctx, (r) => {
      const existing = r.keeperRoles.findByName(input.name);
      if (existing) throw new AppError(409, `A keeper role called "${existing.name}" already exists`);
      const created = r.keeperRoles.create({ name: input.name, description: input.description, allowedAppIds, at });
      r.audit.append(at, {
        actor,
        action: 'role.created',
        target: created.name,
        detail: { id: created.id, description: created.description, allowedAppIds },
      });
      return created;
    });
    this.ctx.events.emitSafe('fleet-changed', { at, cause: 'role' });
    return this.get(row.id);
  }

  update(id: number, input: UpdateRoleRequest, actor: string): KeeperRole {
    const allowedAppIds = input.allowedAppIds ? checkAppIds(input.allowedAppIds) : undefined;
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const row = r.keeperRoles.findById(id);
      if (!row) throw notFound('Keeper role');
      r.keeperRoles.update(id, {
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(allowedAppIds ? { allowedAppIds } : {}),
        at,
      });
      r.audit.append(at, {
        actor,
        action: 'role.updated',
        target: row.name,
        detail: {
          id,
          ...(input.description !== undefined ? { description: { from: row.description, to: input.description } } : {}),
          ...(allowedAppIds ? { allowedAppIds: { from: allowedAppIdsOf(row), to: allowedAppIds } } : {}),
        },
      });
    });
    this.ctx.events.emitSafe('fleet-changed', { at, cause: 'role' });
    return this.get(id);
  }

  /** 409 while an active exception targets the role. Devices keep their keeper's role text. */
  remove(id: number, actor: string): void {
    const now = this.ctx.now();
    const at = now.toISOString();
    transaction(this.ctx, (r) => {
      const row = r.keeperRoles.findById(id);
      if (!row) throw notFound('Keeper role');
      const targeted = r.policy.activeExceptions(at).some((e) => e.scope.kind === 'role' && sameRoleName(e.scope.role, row.name));
      if (targeted) {
        throw new AppError(409, `Active exceptions still allow apps for "${row.name}". Revoke its exceptions first`);
      }
      r.keeperRoles.delete(id);
      r.audit.append(at, { actor, action: 'role.deleted', target: row.name, detail: { id } });
    });
    this.ctx.events.emitSafe('fleet-changed', { at, cause: 'role' });
  }
}
