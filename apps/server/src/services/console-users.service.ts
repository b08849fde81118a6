import type { ConsoleUser, CreateUserRequest, SessionUser, UpdateUserRequest, UserRole } from '@safefleet/protocol';
import { weakPasswordReason } from './password-strength.js';
import { FIRST_RUN_EMAIL } from '@safefleet/protocol';
import type { UserRow } from '../db/repositories/users.repository.js';
import { read, transaction, type ServiceContext } from './context.js';
import { AppError, notFound } from './errors.js';
import { hashPassword, verifyPassword } from './login-password.service.js';
import { sha256 } from './tokens.js';
import type { UsersService } from './users.service.js';

const LAST_ADMIN = 'The console needs at least one IT lead (admin): make another user an admin first';

function toConsoleUser(u: UserRow, lastSignIns: Map<string, string>): ConsoleUser {
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
    const r = read(this.ctx.db);
    return r.users.count() === 1 && r.users.findByEmail(FIRST_RUN_EMAIL) !== undefined;
  }

  list(): ConsoleUser[] {
    const r = read(this.ctx.db);
    const last = r.audit.lastSignIns();
    return r.users.list().map((u) => toConsoleUser(u, last));
  }

  get(id: number): ConsoleUser {
    const r = read(this.ctx.db);
    const u = r.users.findById(id);
    if (!u) throw notFound('User');
    return toConsoleUser(u, r.audit.lastSignIns());
  }

  async create(input: CreateUserRequest, actor: string): Promise<ConsoleUser> {
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
    transaction(this.ctx.db, (r) => {
      const u = r.users.findById(id);
      if (!u) throw notFound('User');
      const role: UserRole = input.role ?? u.role;
      if (u.role === 'admin' && role !== 'admin' && r.users.countByRole('admin') <= 1) throw new AppError(409, LAST_ADMIN);
      r.users.update(id, { role, ...(passwordHash ? { passwordHash } : {}) });
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
    transaction(this.ctx.db, (r) => {
      const u = r.users.findById(id);
      if (!u) throw notFound('User');
      if (u.id === caller.id) throw new AppError(400, 'You cannot remove your own account: ask another IT lead');
      if (u.role === 'admin' && r.users.countByRole('admin') <= 1) throw new AppError(409, LAST_ADMIN);
      r.sessions.deleteForUser(id);
      r.users.delete(id);
      r.audit.append(at, { actor: `user:${caller.email}`, action: 'user.deleted', target: u.email, detail: { role: u.role } });
    });
    this.ctx.events.emitSafe('sessions-changed', { userId: id, at });
  }

  /** Changes the caller's own password; their other sessions end, this one stays. */
  async changePassword(caller: SessionUser, currentPassword: string, newPassword: string, callerToken: string): Promise<void> {
    const u = read(this.ctx.db).users.findById(caller.id);
    if (!u) throw new AppError(401, 'Sign in to use the console');
    if (!(await verifyPassword(currentPassword, u.passwordHash))) throw new AppError(400, CURRENT_PASSWORD_WRONG);
    const weak = weakPasswordReason(newPassword, u.email);
    if (weak) throw new AppError(400, weak);
    const passwordHash = await hashPassword(newPassword);
    const at = this.ctx.now().toISOString();
    transaction(this.ctx.db, (r) => {
      r.users.update(u.id, { passwordHash });
      const ended = r.sessions.deleteForUser(u.id, sha256(callerToken));
      r.audit.append(at, { actor: `user:${u.email}`, action: 'auth.password-changed', target: u.email, detail: { otherSessionsEnded: ended } });
    });
    this.ctx.events.emitSafe('sessions-changed', { userId: u.id, at });
  }
}
