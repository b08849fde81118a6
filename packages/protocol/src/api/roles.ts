import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';

/**
 * Keeper roles are defined by the IT lead so devices' keepers can be given a known role
 * (Keeper.role holds the role's name) and exceptions can target the role.
 *
 * `allowedAppIds` names the catalogue apps the role may need (e.g. "Social media officer":
 * facebook, instagram, x-twitter). It is a statement of intent that fills in the exception form: it
 * does NOT by itself allow anything. An app is allowed only by an approved, unexpired exception
 * (risk assessment + approver + end date), so every allowance has a written risk assessment.
 *
 * Role names are compared trimmed and ignoring case, exactly as packages/policy compares an
 * exception's role with a keeper's role (sameRoleName).
 */
export const KeeperRole = z.object({
  id: z.number().int(),
  name: ShortString,
  description: z.string(),
  allowedAppIds: z.array(ShortString),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** Non-revoked devices whose keeper has this role (sameRoleName). */
  deviceCount: z.number().int().nonnegative(),
});
export type KeeperRole = z.infer<typeof KeeperRole>;

/** GET /api/roles (signed in, any role) → KeeperRole[] ordered by name. */
export const KeeperRoleList = z.array(KeeperRole);

/**
 * POST /api/roles (admin) → 201 KeeperRole.
 * 409 {error} when a role with the same name (sameRoleName) exists; 400 when an app id is not in
 * the catalogue (the error names it). Audited as `role.created`.
 */
export const CreateRoleRequest = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1_000).default(''),
  allowedAppIds: z.array(z.string().min(1).max(100)).max(200).default([]),
});
export type CreateRoleRequest = z.infer<typeof CreateRoleRequest>;
export type CreateRoleRequestInput = z.input<typeof CreateRoleRequest>;

/**
 * PATCH /api/roles/:id (admin) → 200 KeeperRole. The name cannot change (keepers and exceptions
 * refer to it): create a new role instead. 404 unknown id; 400 unknown app id. Audited as `role.updated`.
 */
export const UpdateRoleRequest = z.object({
  description: z.string().trim().max(1_000).optional(),
  allowedAppIds: z.array(z.string().min(1).max(100)).max(200).optional(),
});
export type UpdateRoleRequest = z.infer<typeof UpdateRoleRequest>;

/*
 * DELETE /api/roles/:id (admin) → 200 OkResponse. 404 unknown id; 409 {error} while an active
 * (unexpired, unrevoked) exception targets the role ("Revoke its exceptions first"). Devices keep
 * their keeper's role text. Audited as `role.deleted`.
 */

/** Role names match trimmed and ignoring case (the rule packages/policy uses for exceptions). */
export function sameRoleName(a: string, b: string): boolean {
  const na = a.trim().toLowerCase();
  return na !== '' && na === b.trim().toLowerCase();
}
