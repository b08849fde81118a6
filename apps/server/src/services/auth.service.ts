import type { SessionUser } from '@safefleet/protocol';
import { read, readConsoleWide, transaction, type ServiceContext } from './context.js';
import { AppError, notFound } from './errors.js';
import { hashPassword, randomPassword, verifyPassword } from './login-password.service.js';
import { randomToken, sha256 } from './tokens.js';
import { TotpService } from './totp.service.js';
import { toSessionUser } from './users.service.js';

/**
 * Sessions: 12 h sliding idle timeout (each request pushes expiry on), capped at 7 days after
 * sign-in. The cookie holds the token; the database only sha256(token).
 */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often per session. */
const TOUCH_EVERY_MS = 60 * 1000;

/** A signed-in user and the organisation their session acts in (`role` is their role there). */
export type SessionActor = SessionUser & { organisationId: number };

export interface LoginResult {
  token: string;
  user: SessionActor;
  expiresAt: Date;
}

export class AuthService {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly ctx: ServiceContext) {}

  /** Whether `knownToken` (the known-browser cookie) belongs to a browser that signed in to `email` before. */
  isKnownBrowser(email: string, knownToken: string | undefined): boolean {
    if (!knownToken || knownToken.length > 200) return false;
    const r = read(this.ctx);
    const user = r.users.findByEmail(email.trim().toLowerCase());
    return user !== undefined && r.knownLogins.isKnown(sha256(knownToken), user.id);
  }

  /**
   * Checks the password (same work whether or not the email exists) and opens a session. The
   * browser is remembered for the account (`knownToken`, a new one when it had none), so the
   * login lockout never refuses this account's correct password from it. When the account has
   * two-step sign-in on, no session is opened: the caller asks for the code (TotpService) and then
   * calls `openSession`.
   */
  async login(
    email: string,
    password: string,
    knownToken?: string,
  ): Promise<(LoginResult & { knownToken: string }) | { totpRequired: true; userId: number; email: string } | null> {
    const user = read(this.ctx).users.findByEmail(email.trim().toLowerCase());
    this.dummyHash ??= hashPassword(randomPassword());
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !ok) return null;
    if (TotpService.isEnabled(user)) return { totpRequired: true, userId: user.id, email: user.email };
    return this.openSession(user.id, knownToken);
  }

  /** Opens a session for a user whose sign-in passed (password, and the code when two-step is on). */
  openSession(userId: number, knownToken?: string, detail: Record<string, unknown> | null = null): LoginResult & { knownToken: string } {
    const cw = readConsoleWide(this.ctx.db);
    const user = cw.users.findById(userId);
    if (!user) throw new Error(`user ${userId} not found`);
    // The session acts in the user's membership with the lowest organisation id.
    const organisationId = cw.organisations.firstOrganisationOf(user.id);
    if (organisationId === undefined) throw new AppError(401, 'This account belongs to no organisation: ask an IT lead to add you again');
    const role = cw.organisations.roleIn(user.id, organisationId) ?? user.role;
    const known = knownToken && knownToken.length <= 200 ? knownToken : randomToken(32);
    const token = randomToken(32);
    const now = this.ctx.now();
    const expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, now.getTime() + SESSION_MAX_MS));
    transaction({ db: this.ctx.db, organisationId }, (r) => {
      r.sessions.deleteExpired(now.toISOString());
      r.sessions.create({
        id: sha256(token),
        organisationId,
        userId: user.id,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        lastSeenAt: now.toISOString(),
      });
      r.knownLogins.add(sha256(known), user.id, now.toISOString());
      r.audit.append(now.toISOString(), { actor: `user:${user.email}`, action: 'auth.login', target: user.email, detail });
    });
    return { token, user: { ...toSessionUser(user), role, organisationId }, expiresAt, knownToken: known };
  }

  /** The signed-in user for a session token, sliding its expiry; null when unknown or expired. */
  resolve(token: string): SessionActor | null {
    if (!token || token.length > 200) return null;
    const id = sha256(token);
    const now = this.ctx.now();
    const r = readConsoleWide(this.ctx.db);
    const found = r.sessions.findValid(id, now.toISOString());
    if (!found) return null;
    if (now.getTime() - new Date(found.session.lastSeenAt).getTime() >= TOUCH_EVERY_MS) {
      const cap = new Date(found.session.createdAt).getTime() + SESSION_MAX_MS;
      const expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, cap));
      r.sessions.touch(id, now.toISOString(), expiresAt.toISOString());
    }
    return { ...toSessionUser(found.user), role: found.role, organisationId: found.session.organisationId };
  }

  /**
   * The session now acts in `organisationId`; 404 when the user is not a member there (the
   * organisation's existence is not revealed). Audited in the organisation switched to.
   */
  switchOrganisation(token: string, organisationId: number): SessionActor {
    const user = this.resolve(token);
    if (!user) throw new AppError(401, 'Sign in first');
    const cw = readConsoleWide(this.ctx.db);
    const role = cw.organisations.roleIn(user.id, organisationId);
    if (!role) throw notFound('Organisation');
    const at = this.ctx.now().toISOString();
    transaction({ db: this.ctx.db, organisationId }, (r) => {
      r.sessions.setOrganisation(sha256(token), organisationId);
      r.audit.append(at, {
        actor: `user:${user.email}`,
        action: 'session.organisation-changed',
        target: String(organisationId),
        detail: { from: user.organisationId, to: organisationId },
      });
    });
    this.ctx.events.emitSafe('sessions-changed', { userId: user.id, at });
    return { ...user, role, organisationId };
  }

  /** The signed-in user for a session token without sliding its expiry (live sockets re-check with it). */
  peek(token: string): SessionActor | null {
    if (!token || token.length > 200) return null;
    const found = readConsoleWide(this.ctx.db).sessions.findValid(sha256(token), this.ctx.now().toISOString());
    return found ? { ...toSessionUser(found.user), role: found.role, organisationId: found.session.organisationId } : null;
  }

  logout(token: string | undefined): void {
    if (!token) return;
    read(this.ctx).sessions.delete(sha256(token));
    this.ctx.events.emitSafe('sessions-changed', { at: this.ctx.now().toISOString() });
  }
}
