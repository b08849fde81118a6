import { z } from 'zod';
import { IsoDateTime } from '../facts/common.js';
import { UserRole } from './auth.js';
import { CONSOLE_PASSWORD_MIN_LENGTH } from './session.js';

/**
 * Words for console user roles, as the console shows them. A provider acts as the IT lead in each
 * organisation it is given, minus the concern log (counts only, on the Organisations page).
 */
export const USER_ROLE_LABELS: Record<UserRole, string> = {
  admin: 'IT lead (admin)',
  dsl: 'DSL',
  viewer: 'Viewer (read only)',
  provider: 'Provider (looks after several charities)',
};

/**
 * One console user. GET /api/users (admin) → the members of the current organisation, ordered by
 * email; `role` is their role in this organisation.
 * `lastSignInAt`: time of the user's latest successful sign-in (audit `auth.login`), null if never.
 */
export const ConsoleUser = z.object({
  id: z.number().int(),
  email: z.string(),
  role: UserRole,
  createdAt: IsoDateTime,
  lastSignInAt: IsoDateTime.nullable(),
  /** Two-step sign-in (TOTP) is on for this user. */
  totpEnabled: z.boolean().optional(),
});
export type ConsoleUser = z.infer<typeof ConsoleUser>;

/**
 * POST /api/users (admin) → 201 ConsoleUser: a user of the current organisation.
 * The email is trimmed and stored lower-case. A new email makes a new user (then `password` is
 * required: 400 without it). An email of an existing user of another organisation gives that user a
 * membership here with `role` (their password is kept; `password` is ignored) — only when the caller
 * is a provider of an organisation that user belongs to (409 {error} otherwise, naming no more than
 * that the address is taken: an organisation's IT lead cannot pull in another charity's people or
 * learn their sign-in details; the CLI `user add --org` can). 409 {error} when they already belong to
 * this organisation. Only a provider may give the `provider` role (403).
 * Audited as `user.created` (never with the password).
 */
export const CreateUserRequest = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(320)
    .regex(/^[^\s@]+@[^\s@]+$/, 'an email address like name@example.org'),
  role: UserRole,
  password: z.string().min(CONSOLE_PASSWORD_MIN_LENGTH).max(1_000).optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/**
 * PATCH /api/users/:id (admin) → 200 ConsoleUser. Change the role and/or set a new password.
 * 404 unknown user; 409 {error} when the change would leave no admin. A new password ends that
 * user's sessions; a role change applies to their next request. Audited as `user.updated`
 * with {from, to} roles and `passwordReset: true|false`.
 */
export const UpdateUserRequest = z
  .object({
    role: UserRole.optional(),
    password: z.string().min(CONSOLE_PASSWORD_MIN_LENGTH).max(1_000).optional(),
  })
  .refine((v) => v.role !== undefined || v.password !== undefined, { message: 'Give a role or a password' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

/*
 * PATCH changes the membership's role in the current organisation (only a provider may give or take
 * the provider role: 403). A user of another organisation answers 404.
 * DELETE /api/users/:id (admin) → 200 OkResponse. Removes the user's membership of the current
 * organisation (and the user when no membership is left). Ends the user's sessions. 409 {error} when it is
 * the last admin; 400 when an admin deletes themselves. Audited as `user.deleted`.
 */
