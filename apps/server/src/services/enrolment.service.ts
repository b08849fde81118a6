import { randomUUID } from 'node:crypto';
import {
  CLOSE_CODES,
  encodeEnrolmentString,
  type EnrolmentToken,
  type EnrolmentTokenSummary,
  type EnrollRequest,
  type EnrollResponse,
} from '@safefleet/protocol';
import type { AgentRegistry } from '../ws/agent-registry.js';
import { AuditService } from './audit.service.js';
import { read, readConsoleWide, transaction, type ServiceContext } from './context.js';
import { AppError, notFound } from './errors.js';
import { randomToken, sha256 } from './tokens.js';

export const MESSAGES = {
  unknown: 'This enrolment string is not recognised — check it was copied completely, or create a new one in the console',
  expired: 'This enrolment string has expired — create a new one in the console',
  usedUp: 'This enrolment string has already been used — create a new one in the console',
  revoked: 'This enrolment string was revoked in the console — create a new one there',
} as const;

/** An enrolment string as the console lists it (the string itself is never stored). */
export function tokenState(t: { usesLeft: number; expiresAt: string; revokedAt: string | null }, now: Date): EnrolmentTokenSummary['state'] {
  if (t.revokedAt) return 'revoked';
  if (new Date(t.expiresAt).getTime() <= now.getTime()) return 'expired';
  if (t.usesLeft <= 0) return 'used-up';
  return 'active';
}

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
    private readonly registry?: AgentRegistry,
  ) {
    this.audit = new AuditService(ctx);
  }

  private readonly audit: AuditService;

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
    // The string names its organisation (informative: the token row's organisation decides at enrolment).
    const org = readConsoleWide(this.ctx.db).organisations.findById(this.ctx.organisationId);
    const organisation = org ? { id: org.id, name: org.name.slice(0, 200) } : undefined;
    const enrolmentString = encodeEnrolmentString({
      url,
      token,
      ...(pin ? { pin } : {}),
      ...(updateKey ? { updateKey } : {}),
      ...(organisation ? { organisation } : {}),
    });
    const row = transaction(this.ctx, (r) => {
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

  /** Every enrolment string with its uses left, expiry and state, newest first (admin). */
  listTokens(): EnrolmentTokenSummary[] {
    const now = this.ctx.now();
    return read(this.ctx)
      .enrolmentTokens.list()
      .map((t) => ({
        id: t.id,
        usesLeft: t.usesLeft,
        expiresAt: t.expiresAt,
        createdAt: t.createdAt,
        createdBy: t.createdBy,
        url: t.url,
        revokedAt: t.revokedAt,
        state: tokenState(t, now),
      }));
  }

  /** Revokes an enrolment string (idempotent): it enrols nothing more. Audited. */
  revokeToken(id: number, actor: string): EnrolmentTokenSummary {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const t = r.enrolmentTokens.findById(id);
      if (!t) throw notFound('Enrolment string');
      if (t.revokedAt) return;
      r.enrolmentTokens.revoke(id, at);
      r.audit.append(at, { actor, action: 'enrolment-token.revoked', target: String(id), detail: { usesLeft: t.usesLeft, expiresAt: t.expiresAt } });
    });
    const found = this.listTokens().find((t) => t.id === id);
    if (!found) throw notFound('Enrolment string');
    return found;
  }

  /**
   * Checks the token (hash lookup, revoked, expiry, uses left), uses it up by one and creates the
   * device, all in one transaction. A machine enrolled before (same hardwareId, a keyed hash from
   * the agent) keeps its device: new credentials, same id, its history kept, one row in the list.
   * The agent is told to connect to the URL the enrolment string was made for (from --public-url
   * or the admin), never one built from this request. Every refusal is audited.
   */
  enroll(req: EnrollRequest, from = 'unknown'): EnrollResponse {
    try {
      return this.enrollOrThrow(req);
    } catch (err) {
      if (err instanceof AppError) {
        this.audit.record(`agent:${from}`, 'enrolment.refused', null, { reason: err.message, hostname: req.hostname.slice(0, 100) });
      }
      throw err;
    }
  }

  private enrollOrThrow(req: EnrollRequest): EnrollResponse {
    const now = this.ctx.now();
    const nowIso = now.toISOString();
    const deviceSecret = randomToken(32);
    const { consoleUrl, deviceId, replaced } = transaction(this.ctx, (r) => {
      const token = r.enrolmentTokens.findByHash(sha256(req.token));
      if (!token) throw new AppError(401, MESSAGES.unknown);
      const state = tokenState(token, now);
      if (state === 'revoked') throw new AppError(401, MESSAGES.revoked);
      if (state === 'expired') throw new AppError(401, MESSAGES.expired);
      if (state === 'used-up') throw new AppError(401, MESSAGES.usedUp);
      r.enrolmentTokens.decrementUses(token.id);
      const previous = req.hardwareId ? r.devices.findByHardwareId(req.hardwareId) : undefined;
      if (previous) {
        r.devices.update(previous.id, {
          hostname: req.hostname,
          platform: req.platform,
          secretHash: sha256(deviceSecret),
          agentVersion: req.agentVersion,
          revokedAt: null,
        });
        r.audit.append(nowIso, {
          actor: `device:${previous.id}`,
          action: 'device.re-enrolled',
          target: previous.id,
          detail: {
            hostname: req.hostname,
            platform: req.platform,
            tokenId: token.id,
            previousHostname: previous.hostname,
            wasRevoked: previous.revokedAt !== null,
          },
        });
        return { consoleUrl: token.url, deviceId: previous.id, replaced: true };
      }
      const id = randomUUID();
      r.devices.create({
        id,
        hostname: req.hostname,
        platform: req.platform,
        hardwareId: req.hardwareId ?? null,
        secretHash: sha256(deviceSecret),
        agentVersion: req.agentVersion,
        enrolledAt: nowIso,
        status: 'notEvaluated',
      });
      r.audit.append(nowIso, {
        actor: `device:${id}`,
        action: 'device.enrolled',
        target: id,
        detail: { hostname: req.hostname, platform: req.platform, tokenId: token.id },
      });
      return { consoleUrl: token.url, deviceId: id, replaced: false };
    });
    // The old credentials stop working now: close a socket still open with them.
    if (replaced) this.registry?.disconnect(deviceId, CLOSE_CODES.replaced, 'device enrolled again');
    this.ctx.events.emitSafe('device-changed', { deviceId, hostname: req.hostname, at: nowIso, cause: 'enrolled' });
    return { deviceId, deviceSecret, wsUrl: agentWsUrl(consoleUrl) };
  }
}
