import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { CertificatePin } from '../messages.js';
import { OrganisationRef } from './organisations.js';

/**
 * An enrolment string carries the console URL and a one-time (or N-use) token:
 * "SFE1." + base64url(JSON {"url", "token", "pin"?, "updateKey"?}). Copy-paste safe, no spaces.
 */
export const ENROLMENT_PREFIX = 'SFE1.';

export const EnrolmentPayload = z.object({
  url: z.url(),
  token: z.string().min(16).max(200),
  /**
   * SHA-256 of the console certificate's SubjectPublicKeyInfo (DER), base64 (as in HPKP / curl's
   * --pinnedpubkey "sha256//..."). Present when the console serves HTTPS; the agent refuses any
   * other certificate for this console.
   */
  pin: CertificatePin.optional(),
  /**
   * The console's Ed25519 release public key (SPKI DER, base64). The agent installs only updates
   * signed by this key.
   */
  updateKey: z.string().min(40).max(200).optional(),
  /**
   * The organisation the device will belong to (informative, for the agent and installer to show;
   * the console decides by the token's own organisation, never by this field).
   */
  organisation: OrganisationRef.optional(),
});
export type EnrolmentPayload = z.infer<typeof EnrolmentPayload>;

export function encodeEnrolmentString(payload: EnrolmentPayload): string {
  const json = JSON.stringify(EnrolmentPayload.parse(payload));
  return ENROLMENT_PREFIX + Buffer.from(json, 'utf8').toString('base64url');
}

export function decodeEnrolmentString(value: string): EnrolmentPayload {
  const s = value.trim();
  if (!s.startsWith(ENROLMENT_PREFIX)) {
    throw new Error(`not a Safefleet enrolment string (it should start with "${ENROLMENT_PREFIX}")`);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(s.slice(ENROLMENT_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new Error('the enrolment string is damaged: copy it again from the console');
  }
  const r = EnrolmentPayload.safeParse(data);
  if (!r.success) throw new Error('the enrolment string is damaged: copy it again from the console');
  return r.data;
}

/** POST /agent/enroll (authenticated by the enrolment token, not a session). */
export const EnrollRequest = z.object({
  token: z.string().min(16).max(200),
  hostname: ShortString,
  platform: ShortString,
  agentVersion: ShortString,
  /** Stable machine id where available (/etc/machine-id, IOPlatformUUID, MachineGuid). */
  hardwareId: ShortString.optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  deviceId: z.string(),
  /** Secret the agent presents on /ws/agent as "Authorization: Bearer <deviceId>.<secret>". Shown once. */
  deviceSecret: z.string(),
  /** Where the agent connects, e.g. ws://127.0.0.1:8080/ws/agent. */
  wsUrl: z.string(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/** POST /api/enrolment-tokens (admin). */
export const CreateEnrolmentTokenRequest = z.object({
  uses: z.number().int().min(1).max(10_000).default(1),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24 * 7),
  /** Console URL agents should use; defaults to the URL the request came in on. */
  url: z.url().optional(),
});
export const EnrolmentToken = z.object({
  id: z.number().int(),
  enrolmentString: z.string(),
  usesLeft: z.number().int(),
  expiresAt: IsoDateTime,
});
export type EnrolmentToken = z.infer<typeof EnrolmentToken>;

/** An enrolment string as GET /api/enrolment-tokens lists it (the string itself is shown only once). */
export const EnrolmentTokenSummary = z.object({
  id: z.number().int(),
  usesLeft: z.number().int(),
  expiresAt: IsoDateTime,
  createdAt: IsoDateTime,
  /** "user:<email>" or "cli". */
  createdBy: z.string(),
  url: z.string(),
  revokedAt: IsoDateTime.nullable(),
  /** active: can enrol; expired, used-up, revoked: enrols nothing. */
  state: z.enum(['active', 'expired', 'used-up', 'revoked']),
});
export type EnrolmentTokenSummary = z.infer<typeof EnrolmentTokenSummary>;
