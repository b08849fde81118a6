import type { ConsoleUser, CreateUserRequest, SessionUser, UpdateUserRequest, UserRole } from '@safefleet/protocol';
import { weakPasswordReason } from './password-strength.js';
import { FIRST_RUN_EMAIL } from '@safefleet/protocol';
import type { MemberRow } from '../db/repositories/memberships.repository.js';
import { read, readConsoleWide, transaction, type ServiceContext } from './context.js';
import { AppError, notFound } from './errors.js';
import { hashPassword, verifyPassword } from './login-password.service.js';
import { sha256 } from './tokens.js';
import type { UsersService } from './users.service.js';

const LAST_ADMIN = 'The console needs at least one IT lead (admin): make another user an admin first';

/** A member of the organisation as the API gives it out: `role` is their role in this organisation. */
function toConsoleUser(u: MemberRow, lastSignIns: Map<string, string>): ConsoleUser {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    createdAt: u.createdAt,
    lastSignInAt: lastSignIns.get(u.email) ?? null,
    totpEnabled: u.totpEnabledAt !== null && u.totpSecret !== null,
  };
}

/** Console user administration (admin) and changing one's own password. */
export const CURRENT_PASSWORD_WRONG = 'Your current password is not right';

export class ConsoleUsersService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly users: UsersService,
  ) {}

  /** True while the only console user is the first-start account admin@localhost. */
  firstRun(): boolean {
    const r = read(this.ctx);
    return r.users.count() === 1 && r.users.findByEmail(FIRST_RUN_EMAIL) !== undefined;
  }

  /** The organisation's members (with their role here), ordered by email. */
  list(): ConsoleUser[] {
    const r = read(this.ctx);
    const last = r.audit.lastSignIns();
    return r.memberships.members().map((u) => toConsoleUser(u, last));
  }

  /** A member of this organisation; 404 for anyone else (users of other organisations are not revealed). */
  get(id: number): ConsoleUser {
    const r = read(this.ctx);
    const u = r.memberships.member(id);
    if (!u) throw notFound('User');
    return toConsoleUser(u, r.audit.lastSignIns());
  }

  /** True when `callerId` is a provider of an organisation that `userId` belongs to. */
  private looksAfter(callerId: number, userId: number, wide: ReturnType<typeof readConsoleWide>): boolean {
    const theirs = new Set(wide.organisations.membershipsOf(userId).map((m) => m.id));
    return wide.organisations.membershipsOf(callerId).some((m) => m.role === 'provider' && theirs.has(m.id));
  }

  /**
   * A new user of this organisation, or an existing user (by email) given a membership here with
   * `role` (their password is kept) — the latter only by the CLI or a provider of an organisation they
   * already belong to (409 otherwise). Only a provider may give the provider role (403).
   */
  async create(input: CreateUserRequest, actor: string, caller?: SessionUser): Promise<ConsoleUser> {
    if (input.role === 'provider' && caller && caller.role !== 'provider') throw new AppError(403, 'Only a provider can give the provider role');
    const email = input.email.trim().toLowerCase();
    const wide = readConsoleWide(this.ctx.db);
    const existing = wide.users.findByEmail(email);
    if (existing) {
      // A person who signs in for another organisation joins this one only through someone who
      // already looks after them: the console host (CLI, no caller) or a provider of an organisation
      // they belong to. An organisation's own IT lead cannot pull in (and learn the sign-in details
      // of) another charity's people. Emails are unique on the console, so the refusal does say the
      // address is taken; it says nothing else about the person.
      if (caller && !this.looksAfter(caller.id, existing.id, wide)) {
        throw new AppError(
          409,
          `${email} already signs in for another organisation on this console: a provider who looks after both can add them here`,
        );
      }
      const at = this.ctx.now().toISOString();
      transaction(this.ctx, (r) => {
        if (r.memberships.roleOf(existing.id)) throw new AppError(409, `a user with email ${email} already exists`);
        r.memberships.add(existing.id, input.role, at);
        r.audit.append(at, { actor, action: 'user.created', target: email, detail: { role: input.role, existingUser: true } });
      });
      return this.get(existing.id);
    }
    if (input.password === undefined) throw new AppError(400, 'Give a password for the new user');
    const created = await this.users.create({ ...input, password: input.password }, actor);
    return this.get(created.id);
  }

  /** Role and/or new password. A new password ends that user's sessions (except the caller's own). */
  async update(id: number, input: UpdateUserRequest, caller: SessionUser, callerToken?: string): Promise<ConsoleUser> {
    const weak = input.password !== undefined ? weakPasswordReason(input.password) : null;
    if (weak) throw new AppError(400, weak);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const u = r.memberships.member(id);
      if (!u) throw notFound('User');
      const role: UserRole = input.role ?? u.role;
      // Only a provider gives or takes the provider role.
      if (role !== u.role && (role === 'provider' || u.role === 'provider') && caller.role !== 'provider') {
        throw new AppError(403, 'Only a provider can give or take the provider role');
      }
      if (u.role === 'admin' && role !== 'admin' && r.memberships.countByRole('admin') <= 1) throw new AppError(409, LAST_ADMIN);
      // A password is the person's, across organisations: only set here for someone of this organisation alone.
      if (passwordHash && readConsoleWide(this.ctx.db).organisations.membershipCount(id) > 1 && id !== caller.id) {
        throw new AppError(403, 'This person also belongs to another organisation: they change their own password');
      }
      r.memberships.setRole(id, role);
      if (passwordHash) r.users.update(id, { passwordHash });
      if (passwordHash) r.sessions.deleteForUser(id, id === caller.id && callerToken ? sha256(callerToken) : undefined);
      r.audit.append(at, {
        actor: `user:${caller.email}`,
        action: 'user.updated',
        target: u.email,
        detail: { from: u.role, to: role, passwordReset: passwordHash !== undefined },
      });
    });
    this.ctx.events.emitSafe('sessions-changed', { userId: id, at });
    return this.get(id);
  }

  /** Removes a user and ends their sessions. Not yourself; never the last admin. */
  remove(id: number, caller: SessionUser): void {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const u = r.memberships.member(id);
      if (!u) throw notFound('User');
      if (u.id === caller.id) throw new AppError(400, 'You cannot remove your own account: ask another IT lead');
      if (u.role === 'admin' && r.memberships.countByRole('admin') <= 1) throw new AppError(409, LAST_ADMIN);
      if (u.role === 'provider' && caller.role !== 'provider') throw new AppError(403, 'Only a provider can remove a provider');
      // The membership goes; the person goes too when no organisation is left.
      r.memberships.remove(id);
      r.sessions.deleteForUser(id);
      if (r.users.membershipCount(id) === 0) r.users.delete(id);
      r.audit.append(at, { actor: `user:${caller.email}`, action: 'user.deleted', target: u.email, detail: { role: u.role } });
    });
    this.ctx.events.emitSafe('sessions-changed', { userId: id, at });
  }

  /** Changes the caller's own password; their other sessions end, this one stays. */
  async changePassword(caller: SessionUser, currentPassword: string, newPassword: string, callerToken: string): Promise<void> {
    const u = read(this.ctx).users.findById(caller.id);
    if (!u) throw new AppError(401, 'Sign in to use the console');
    if (!(await verifyPassword(currentPassword, u.passwordHash))) throw new AppError(400, CURRENT_PASSWORD_WRONG);
    const weak = weakPasswordReason(newPassword, u.email);
    if (weak) throw new AppError(400, weak);
    const passwordHash = await hashPassword(newPassword);
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      r.users.update(u.id, { passwordHash });
      const ended = r.sessions.deleteForUser(u.id, sha256(callerToken));
      r.audit.append(at, { actor: `user:${u.email}`, action: 'auth.password-changed', target: u.email, detail: { otherSessionsEnded: ended } });
    });
    this.ctx.events.emitSafe('sessions-changed', { userId: u.id, at });
  }
}
