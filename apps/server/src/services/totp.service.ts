import { TOTP_ROLES, type SessionUser, type TotpConfirmResponse, type TotpSetupResponse, type TotpStatus } from '@safefleet/protocol';
import QRCode from 'qrcode';
import { z } from 'zod';
import { SecretBox } from '../connectors/secret-box.js';
import type { UserRow } from '../db/repositories/users.repository.js';
import { parseStored } from '../db/stored-json.js';
import { read, transaction, type ServiceContext } from './context.js';
import { AppError, notFound } from './errors.js';
import { randomToken, sha256 } from './tokens.js';
import { base32Decode, matchTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, otpauthUri } from './totp.js';

/** A sign-in whose password was right and whose code is awaited. */
interface Challenge {
  userId: number;
  email: string;
  knownToken: string | undefined;
  expiresAt: number;
  attempts: number;
}

const CHALLENGE_MS = 5 * 60_000;
/** Wrong codes against one challenge before it is dropped (the lockout counts them too). */
const CHALLENGE_ATTEMPTS = 5;
const RECOVERY_CODES = 8;
const RecoveryHashes = z.array(z.string());
const CODE_WRONG = 'That code is not right: check the time on your phone and type the newest code';

export type TotpCheck = { ok: true; recovery: boolean } | { ok: false };

/**
 * Optional two-step sign-in (RFC 6238, services/totp.ts) for the IT lead and the DSL. The secret is
 * sealed with the data folder's key (connectors/secret-box.ts), so a copy of the database alone
 * does not give the codes; recovery codes are stored as sha256 and each works once; a code's
 * 30-second step is recorded so the same code is never accepted twice.
 */
export class TotpService {
  private box: SecretBox | null = null;
  private readonly challenges = new Map<string, Challenge>();

  constructor(private readonly ctx: ServiceContext) {}

  private secrets(): SecretBox {
    this.box ??= SecretBox.forDataDir(this.ctx.config.dataDir);
    return this.box;
  }

  static isEnabled(u: UserRow): boolean {
    return u.totpEnabledAt !== null && u.totpSecret !== null;
  }

  status(user: SessionUser): TotpStatus {
    const u = read(this.ctx).users.findById(user.id);
    if (!u) throw notFound('User');
    const enabled = TotpService.isEnabled(u);
    return {
      available: (TOTP_ROLES as readonly string[]).includes(u.role),
      enabled,
      enabledAt: enabled ? u.totpEnabledAt : null,
      recoveryCodesLeft: enabled ? this.recoveryHashes(u).length : 0,
    };
  }

  /** A new pending secret (replacing any earlier pending one); two-step sign-in stays off until confirmed. */
  async setup(user: SessionUser): Promise<TotpSetupResponse> {
    if (!(TOTP_ROLES as readonly string[]).includes(user.role)) throw new AppError(403, 'Two-step sign-in is for the IT lead and the DSL');
    const secret = newTotpSecret();
    const sealed = this.secrets().seal(secret);
    transaction(this.ctx, (r) => {
      const u = r.users.findById(user.id);
      if (!u) throw notFound('User');
      if (TotpService.isEnabled(u)) throw new AppError(409, 'Two-step sign-in is already on: turn it off first to move it to a new phone');
      r.users.setTotp(user.id, { totpSecret: sealed, totpEnabledAt: null, totpLastStep: null, totpRecoveryJson: null });
    });
    const uri = otpauthUri('Safefleet', user.email, secret);
    const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { secret, otpauthUri: uri, qrSvg };
  }

  /** Turns it on with a first code from the app; answers the recovery codes (shown once). */
  confirm(user: SessionUser, code: string): TotpConfirmResponse {
    const at = this.ctx.now();
    const recoveryCodes = newRecoveryCodes(RECOVERY_CODES);
    transaction(this.ctx, (r) => {
      const u = r.users.findById(user.id);
      if (!u) throw notFound('User');
      if (TotpService.isEnabled(u)) throw new AppError(409, 'Two-step sign-in is already on');
      if (!u.totpSecret) throw new AppError(409, 'Start the set-up first');
      const step = matchTotp(this.key(u.totpSecret), code, at.getTime());
      if (step === null || !r.users.claimTotpStep(u.id, step)) throw new AppError(400, CODE_WRONG);
      r.users.setTotp(u.id, {
        totpEnabledAt: at.toISOString(),
        totpRecoveryJson: JSON.stringify(recoveryCodes.map((c) => sha256(normaliseRecoveryCode(c)))),
      });
      r.audit.append(at.toISOString(), { actor: `user:${u.email}`, action: 'auth.totp-enabled', target: u.email, detail: null });
    });
    return { recoveryCodes };
  }

  /** Turns the caller's own two-step sign-in off; needs a current code or a recovery code. */
  disable(user: SessionUser, code: string): void {
    const check = this.check(user.id, code);
    if (!check.ok) throw new AppError(400, CODE_WRONG);
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      r.users.setTotp(user.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null, totpRecoveryJson: null });
      r.audit.append(at, {
        actor: `user:${user.email}`,
        action: 'auth.totp-disabled',
        target: user.email,
        detail: { withRecoveryCode: check.recovery },
      });
    });
  }

  /** The IT lead turns another user's two-step sign-in off (a lost phone). Audited. */
  reset(userId: number, actor: string): void {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const u = r.users.findById(userId);
      if (!u) throw notFound('User');
      const wasOn = TotpService.isEnabled(u);
      r.users.setTotp(userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null, totpRecoveryJson: null });
      r.audit.append(at, { actor, action: 'user.totp-reset', target: u.email, detail: { wasOn } });
    });
  }

  /**
   * Checks a code for a user with two-step sign-in on: a 6-digit code whose step was not used
   * before (it is then marked used), or an unused recovery code (it is then removed).
   */
  check(userId: number, code: string): TotpCheck {
    const at = this.ctx.now();
    return transaction(this.ctx, (r): TotpCheck => {
      const u = r.users.findById(userId);
      if (!u || !TotpService.isEnabled(u) || !u.totpSecret) return { ok: false };
      if (/^\s*\d{3}\s?\d{3}\s*$/.test(code)) {
        const step = matchTotp(this.key(u.totpSecret), code, at.getTime());
        return step !== null && r.users.claimTotpStep(u.id, step) ? { ok: true, recovery: false } : { ok: false };
      }
      const hashes = this.recoveryHashes(u);
      const given = sha256(normaliseRecoveryCode(code));
      if (!hashes.includes(given)) return { ok: false };
      r.users.setTotp(u.id, { totpRecoveryJson: JSON.stringify(hashes.filter((h) => h !== given)) });
      r.audit.append(at.toISOString(), {
        actor: `user:${u.email}`,
        action: 'auth.totp-recovery-used',
        target: u.email,
        detail: { left: hashes.length - 1 },
      });
      return { ok: true, recovery: true };
    });
  }

  /** Remembers a sign-in that passed the password step; the token goes back to the browser. */
  startChallenge(userId: number, email: string, knownToken: string | undefined): string {
    const now = Date.now();
    for (const [k, c] of this.challenges) if (c.expiresAt <= now) this.challenges.delete(k);
    if (this.challenges.size > 10_000) this.challenges.clear();
    const token = randomToken(32);
    this.challenges.set(sha256(token), { userId, email, knownToken, expiresAt: now + CHALLENGE_MS, attempts: 0 });
    return token;
  }

  /** The pending sign-in for a challenge token, or null when unknown or expired. */
  challenge(token: string): Challenge | null {
    const c = this.challenges.get(sha256(token));
    if (!c || c.expiresAt <= Date.now()) return null;
    return c;
  }

  /** A wrong code against a challenge; after a few it is dropped (sign in with the password again). */
  challengeFailed(token: string): void {
    const key = sha256(token);
    const c = this.challenges.get(key);
    if (c && ++c.attempts >= CHALLENGE_ATTEMPTS) this.challenges.delete(key);
  }

  endChallenge(token: string): void {
    this.challenges.delete(sha256(token));
  }

  private key(sealed: string): Buffer {
    return base32Decode(this.secrets().open(sealed));
  }

  private recoveryHashes(u: UserRow): string[] {
    return u.totpRecoveryJson ? parseStored(RecoveryHashes, u.totpRecoveryJson, `recovery codes of user ${u.id}`) : [];
  }
}
