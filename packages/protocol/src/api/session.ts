import { z } from 'zod';
import { SessionUser } from './auth.js';
import { TotpChallenge } from './totp.js';
import { OrganisationMembership, OrganisationRef } from './organisations.js';

/** Shortest console password the server accepts (matches the server's MIN_PASSWORD_LENGTH). */
export const CONSOLE_PASSWORD_MIN_LENGTH = 10;

/** Every error answer of /api/*: `error` is plain words safe to show; `issues` on 400 (zod issues). */
export const ApiErrorBody = z.object({
  error: z.string(),
  issues: z.array(z.unknown()).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Answer of changes that return nothing else (logout, delete user). */
export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;

/**
 * POST /api/auth/login (anyone) → 200 LoginResponse + session cookie; 401 {error}; 429 {error}.
 * When the account has two-step sign-in on: 200 TotpChallenge and no session (api/totp.ts).
 */
export const LoginResponse = z.union([z.object({ user: SessionUser }), TotpChallenge]);
export type LoginResponse = z.infer<typeof LoginResponse>;

/**
 * GET /api/auth/me (signed in) → MeResponse.
 * `firstRun` is true while the only console user is the first-start account `admin@localhost`:
 * the console then suggests adding a real account and changing that password. Absent = false.
 */
export const MeResponse = z.object({
  user: SessionUser,
  firstRun: z.boolean().optional(),
  /** The organisation the session acts in (`user.role` is the role there). */
  organisation: OrganisationRef.optional(),
  /** Every organisation the user belongs to, ordered by name (one entry on a single-charity console). */
  organisations: z.array(OrganisationMembership).optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;

/**
 * GET /api/auth/first-run (anyone, no session needed) → FirstRunResponse.
 * Same `firstRun` as MeResponse, so the sign-in page can say where the first password is.
 * Reveals nothing else (no emails, no counts).
 */
export const FirstRunResponse = z.object({ firstRun: z.boolean() });
export type FirstRunResponse = z.infer<typeof FirstRunResponse>;

/** The email of the account the console creates on first start. */
export const FIRST_RUN_EMAIL = 'admin@localhost';

/**
 * POST /api/auth/password (signed in, any role: changes the caller's own password) → OkResponse.
 * 400 when currentPassword is wrong ({error: "Your current password is not right"}) or the new one is
 * too short. Other sessions of the same user are ended; the caller's session stays. Audited as
 * `auth.password-changed`.
 */
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(1_000),
  newPassword: z.string().min(CONSOLE_PASSWORD_MIN_LENGTH).max(1_000),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;
