import { readConsoleWide, type ServiceContext } from './context.js';
import { promoteNextSecret } from './credential-rotation.service.js';
import { sameDigest, sha256 } from './tokens.js';

/** `organisationId`: the device's (fixed at enrolment by its token); everything the agent sends is stored there. */
export type AgentAuthResult = { ok: true; deviceId: string; organisationId: number; revoked: boolean } | { ok: false; error: string };

/** Checks "Authorization: Bearer <deviceId>.<secret>" against the stored sha256(secret). */
export class AgentAuthService {
  constructor(private readonly ctx: ServiceContext) {}

  authenticate(header: string | undefined): AgentAuthResult {
    const match = /^Bearer\s+([^.\s]{1,100})\.(\S{1,200})$/i.exec(header ?? '');
    if (!match) return { ok: false, error: 'missing or malformed device credentials' };
    const [, deviceId = '', secret = ''] = match;
    // Console-wide look-up: the agent's organisation is not known until its device is found.
    const device = readConsoleWide(this.ctx.db).deviceForAgent(deviceId);
    // Hash even for unknown devices so timing does not reveal which ids exist.
    const presented = sha256(secret);
    if (device && device.nextSecretHash && sameDigest(presented, device.nextSecretHash)) {
      // A rotation whose acknowledgement was lost: the agent stored the new secret, so it takes over now.
      promoteNextSecret({ ...this.ctx, organisationId: device.organisationId }, deviceId, 'signed-in-with-new');
      return { ok: true, deviceId, organisationId: device.organisationId, revoked: device.revokedAt !== null };
    }
    if (!device || !sameDigest(presented, device.secretHash)) return { ok: false, error: 'device credentials are not right' };
    return { ok: true, deviceId, organisationId: device.organisationId, revoked: device.revokedAt !== null };
  }
}
