import { randomUUID } from 'node:crypto';
import { encodeEnrolmentString, type EnrolmentToken, type EnrollRequest, type EnrollResponse } from '@safefleet/protocol';
import { transaction, type ServiceContext } from './context.js';
import { AppError } from './errors.js';
import { randomToken, sha256 } from './tokens.js';

export const MESSAGES = {
  unknown: 'This enrolment string is not recognised — check it was copied completely, or create a new one in the console',
  expired: 'This enrolment string has expired — create a new one in the console',
  usedUp: 'This enrolment string has already been used — create a new one in the console',
} as const;

/** ws(s)://host/ws/agent from the console's http(s) URL. */
export function agentWsUrl(consoleUrl: string): string {
  const u = new URL(consoleUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/ws/agent`;
  u.search = '';
  u.hash = '';
  return u.toString();
}

export class EnrolmentService {
  constructor(
    private readonly ctx: ServiceContext,
    /** The release public key agents trust for self-update (enrolment string `updateKey`), if any. */
    private readonly updateKey: () => string | undefined = () => undefined,
  ) {}

  /** Creates an N-use token and returns the enrolment string (the token itself is never stored). */
  createToken(input: { uses: number; expiresInHours: number; url: string }, actor: string): EnrolmentToken {
    const token = randomToken(24);
    const now = this.ctx.now();
    const expiresAt = new Date(now.getTime() + input.expiresInHours * 3_600_000).toISOString();
    const url = input.url.replace(/\/+$/, '');
    const updateKey = this.updateKey();
    // The pin goes with https URLs to this console's own certificate (not with a proxy's address
    // when the console speaks plain HTTP behind it: then config.tls is unset).
    const pin = url.startsWith('https:') ? this.ctx.config.tls?.pin : undefined;
    const enrolmentString = encodeEnrolmentString({ url, token, ...(pin ? { pin } : {}), ...(updateKey ? { updateKey } : {}) });
    const row = transaction(this.ctx.db, (r) => {
      const created = r.enrolmentTokens.create({
        tokenHash: sha256(token),
        usesLeft: input.uses,
        expiresAt,
        url,
        createdAt: now.toISOString(),
        createdBy: actor,
      });
      r.audit.append(now.toISOString(), {
        actor,
        action: 'enrolment-token.created',
        target: String(created.id),
        detail: { uses: input.uses, expiresAt, url, ...(pin ? { pin } : {}) },
      });
      return created;
    });
    return { id: row.id, enrolmentString, usesLeft: row.usesLeft, expiresAt: row.expiresAt };
  }

  /**
   * Checks the token (hash lookup, expiry, uses left), uses it up by one and creates the device,
   * all in one transaction. The agent is told to connect to the URL the enrolment string was made
   * for (from --public-url or the admin), never one built from this request.
   */
  enroll(req: EnrollRequest): EnrollResponse {
    const now = this.ctx.now();
    const nowIso = now.toISOString();
    const deviceId = randomUUID();
    const deviceSecret = randomToken(32);
    const consoleUrl = transaction(this.ctx.db, (r) => {
      const token = r.enrolmentTokens.findByHash(sha256(req.token));
      if (!token) throw new AppError(401, MESSAGES.unknown);
      if (new Date(token.expiresAt).getTime() <= now.getTime()) throw new AppError(401, MESSAGES.expired);
      if (token.usesLeft <= 0) throw new AppError(401, MESSAGES.usedUp);
      r.enrolmentTokens.decrementUses(token.id);
      r.devices.create({
        id: deviceId,
        hostname: req.hostname,
        platform: req.platform,
        hardwareId: req.hardwareId ?? null,
        secretHash: sha256(deviceSecret),
        agentVersion: req.agentVersion,
        enrolledAt: nowIso,
        status: 'notEvaluated',
      });
      r.audit.append(nowIso, {
        actor: `device:${deviceId}`,
        action: 'device.enrolled',
        target: deviceId,
        detail: { hostname: req.hostname, platform: req.platform, tokenId: token.id },
      });
      return token.url;
    });
    this.ctx.events.emitSafe('device-changed', { deviceId, hostname: req.hostname, at: nowIso, cause: 'enrolled' });
    return { deviceId, deviceSecret, wsUrl: agentWsUrl(consoleUrl) };
  }
}
