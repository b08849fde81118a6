import { z } from 'zod';

export const USER_ROLES = ['admin', 'dsl', 'viewer'] as const;
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
  role: UserRole,
});
export type SessionUser = z.infer<typeof SessionUser>;

/** Name of the session cookie set by POST /api/auth/login. */
export const SESSION_COOKIE = 'safefleet_session';
