import { randomUUID } from 'node:crypto';
import type { RotateCredentialResponse } from '@safefleet/protocol';
import type { DeviceRow } from '../db/repositories/devices.repository.js';
import type { AgentRegistry } from '../ws/agent-registry.js';
import { read, transaction, type ServiceContext } from './context.js';
import { AppError, notFound } from './errors.js';
import { randomToken, sha256 } from './tokens.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A device credential older than this is replaced (config.credentialMaxAgeDays overrides). */
export const DEFAULT_CREDENTIAL_MAX_AGE_DAYS = 90;

export type RotationReason = 'requested' | 'scheduled' | 'resumed';

/**
 * Device credential rotation over the live connection (protocol RotateCredential). The new
 * secret's hash waits in `devices.next_secret_hash`; the old and the new secret both work until
 * the agent acknowledges (or signs in with the new one, AgentAuthService), then only the new one.
 * A rotation interrupted by a dropped connection is started again, with a fresh secret, when the
 * device next says hello with its old secret.
 */
export class CredentialRotationService {
  /** deviceId → the rotation sent on its current connection. */
  private readonly pending = new Map<string, string>();
  /** Devices whose agent said in its last hello that it applies `rotate-credential`. */
  private readonly capable = new Set<string>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly registry: AgentRegistry,
  ) {}

  private maxAgeMs(): number {
    return (this.ctx.config.credentialMaxAgeDays ?? DEFAULT_CREDENTIAL_MAX_AGE_DAYS) * DAY_MS;
  }

  /** Whether a device's credential is older than the allowed age at `now`. */
  isDue(d: DeviceRow, now: Date = this.ctx.now()): boolean {
    const since = Date.parse(d.secretChangedAt ?? d.enrolledAt);
    return Number.isFinite(since) && now.getTime() - since >= this.maxAgeMs();
  }

  /** Sends a new credential to a connected device (409 when it is not connected or one is on its way). */
  start(deviceId: string, actor: string, reason: RotationReason): RotateCredentialResponse {
    const d = read(this.ctx).devices.findById(deviceId);
    if (!d) throw notFound('Device');
    if (d.revokedAt) throw new AppError(409, 'This device is revoked');
    if (d.sourceType !== 'agent') throw new AppError(409, 'Only devices with the Safefleet agent have a credential');
    if (this.registry.isConnected(deviceId) && !this.capable.has(deviceId)) {
      throw new AppError(409, 'This device runs an agent too old to replace its credential: update the agent first');
    }
    if (!this.registry.isConnected(deviceId)) {
      throw new AppError(
        409,
        'The device is not connected now: its credential is replaced when it next connects and is due, or try again while it is online',
      );
    }
    if (this.pending.has(deviceId)) throw new AppError(409, 'A new credential is already on its way to this device');
    const secret = randomToken(32);
    const rotationId = randomUUID();
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      r.devices.update(deviceId, { nextSecretHash: sha256(secret) });
      r.audit.append(at, { actor, action: 'device.credential-rotation-started', target: deviceId, detail: { hostname: d.hostname, reason } });
    });
    this.pending.set(deviceId, rotationId);
    const sent = this.registry.send(deviceId, { type: 'rotate-credential', rotationId, secret });
    if (!sent) this.pending.delete(deviceId);
    this.ctx.log.info({ deviceId, reason, sent }, 'device credential rotation started');
    return { deviceId, rotationId, sent };
  }

  /** The agent stored the new secret (CredentialRotated): only the new one works from now on. */
  acknowledged(deviceId: string, rotationId: string): boolean {
    if (this.pending.get(deviceId) !== rotationId) {
      this.ctx.log.warn({ deviceId, rotationId }, 'a credential rotation was acknowledged that is not the one on its way; ignored');
      return false;
    }
    this.pending.delete(deviceId);
    return promoteNextSecret(this.ctx, deviceId, 'acknowledged');
  }

  /**
   * A device said hello on a new connection: a rotation sent on an earlier connection is over
   * (applied, or lost with it); one left unfinished or a credential past its age is started now.
   */
  onHello(deviceId: string, canRotate: boolean): void {
    this.pending.delete(deviceId);
    if (canRotate) this.capable.add(deviceId);
    else {
      // An agent older than credential rotation would ignore the message: never start one for it.
      this.capable.delete(deviceId);
      return;
    }
    const d = read(this.ctx).devices.findById(deviceId);
    if (!d || d.revokedAt || d.sourceType !== 'agent') return;
    const reason: RotationReason | null = d.nextSecretHash ? 'resumed' : this.isDue(d) ? 'scheduled' : null;
    if (reason) this.start(deviceId, 'system', reason);
  }

  /** The daily job: connected devices whose credential is due get a new one. Returns how many were sent. */
  runScheduled(now: Date = this.ctx.now()): number {
    let started = 0;
    for (const id of this.registry.connectedIds()) {
      const d = read(this.ctx).devices.findById(id);
      if (!d || d.revokedAt || this.pending.has(id) || !this.capable.has(id) || !this.isDue(d, now)) continue;
      try {
        if (this.start(id, 'system', 'scheduled').sent) started++;
      } catch (err) {
        this.ctx.log.warn({ err, deviceId: id }, 'could not start a credential rotation');
      }
    }
    return started;
  }
}

/** next_secret_hash becomes the credential (the old one stops working); audited. False when none was waiting. */
export function promoteNextSecret(ctx: ServiceContext, deviceId: string, via: 'acknowledged' | 'signed-in-with-new'): boolean {
  const at = ctx.now().toISOString();
  return transaction(ctx, (r) => {
    const d = r.devices.findById(deviceId);
    if (!d?.nextSecretHash) return false;
    r.devices.update(deviceId, { secretHash: d.nextSecretHash, nextSecretHash: null, secretChangedAt: at });
    r.audit.append(at, { actor: `device:${deviceId}`, action: 'device.credential-rotated', target: deviceId, detail: { hostname: d.hostname, via } });
    return true;
  });
}
