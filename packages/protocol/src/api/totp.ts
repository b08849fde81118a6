import { z } from 'zod';
import { IsoDateTime } from '../facts/common.js';
import { SessionUser } from './auth.js';

/**
 * Optional two-step sign-in (RFC 6238 TOTP: an authenticator app's 6-digit code) for the IT lead
 * and the DSL. When it is on, POST /api/auth/login answers TotpChallenge instead of a session, and
 * POST /api/auth/login/totp with the code (or a one-time recovery code) opens the session.
 */
export const TOTP_ROLES = ['admin', 'dsl', 'provider'] as const;

/** POST /api/auth/login when the password was right and the account has TOTP on: no session yet. */
export const TotpChallenge = z.object({
  totpRequired: z.literal(true),
  /** Opaque, valid for 5 minutes and a few tries; send it back with the code. */
  challenge: z.string().min(1).max(200),
});
export type TotpChallenge = z.infer<typeof TotpChallenge>;

/** POST /api/auth/login/totp: the 6-digit code, or one of the recovery codes. */
export const TotpLoginRequest = z.object({
  challenge: z.string().min(1).max(200),
  code: z.string().min(1).max(40),
});
export type TotpLoginRequest = z.infer<typeof TotpLoginRequest>;

/** POST /api/auth/login/totp → the signed-in user (and the session cookie). */
export const TotpLoginResponse = z.object({ user: SessionUser, recoveryCodeUsed: z.boolean() });
export type TotpLoginResponse = z.infer<typeof TotpLoginResponse>;

/** GET /api/auth/totp: the caller's own two-step sign-in. */
export const TotpStatus = z.object({
  /** Whether the caller's role may turn it on (the IT lead and the DSL). */
  available: z.boolean(),
  enabled: z.boolean(),
  enabledAt: IsoDateTime.nullable(),
  recoveryCodesLeft: z.number().int().min(0),
});
export type TotpStatus = z.infer<typeof TotpStatus>;

/** POST /api/auth/totp/setup → a new secret to add to an authenticator app (not on until confirmed). */
export const TotpSetupResponse = z.object({
  /** Base32, for typing in by hand. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as an SVG QR code. */
  qrSvg: z.string(),
});
export type TotpSetupResponse = z.infer<typeof TotpSetupResponse>;

/** POST /api/auth/totp/confirm and /disable: a current code from the app (disable also takes a recovery code). */
export const TotpCodeRequest = z.object({ code: z.string().min(1).max(40) });
export type TotpCodeRequest = z.infer<typeof TotpCodeRequest>;

/** POST /api/auth/totp/confirm → two-step sign-in is on; the recovery codes are shown this once. */
export const TotpConfirmResponse = z.object({ recoveryCodes: z.array(z.string()) });
export type TotpConfirmResponse = z.infer<typeof TotpConfirmResponse>;
