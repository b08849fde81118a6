import { z } from 'zod';

/**
 * Console roles, each held per organisation (a user may hold different roles in different organisations).
 * `provider` (a managed service provider, a council's voluntary-sector team): in an organisation where a
 * user is provider, they may do everything an admin may except read the concern log (list, detail, notes,
 * CSV, print: 403 as for a viewer); they see open concerns as counts only (GET /api/provider/overview).
 * Only a provider may grant the provider role or create organisations.
 */
export const USER_ROLES = ['admin', 'dsl', 'viewer', 'provider'] as const;
export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

export const LoginRequest = z.object({
  email: z.string().min(3).max(320),
  password: z.string().min(1).max(1_000),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionUser = z.object({
  id: z.number().int(),
  email: z.string(),
  /** The role in the session's current organisation. */
  role: UserRole,
});
export type SessionUser = z.infer<typeof SessionUser>;

/** Name of the session cookie set by POST /api/auth/login. */
export const SESSION_COOKIE = 'safefleet_session';
