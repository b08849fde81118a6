import { USER_ROLES, UserRole, type SessionUser } from '@safefleet/protocol';
import { weakPasswordReason } from './password-strength.js';
import type { UserRow } from '../db/repositories/users.repository.js';
import { read, transaction, type ServiceContext } from './context.js';
import { AppError } from './errors.js';
import { hashPassword, randomPassword } from './login-password.service.js';

export const FIRST_ADMIN_EMAIL = 'admin@localhost';

export function toSessionUser(u: UserRow): SessionUser {
  return { id: u.id, email: u.email, role: u.role };
}

export type FirstAdminResult = { created: false } | { created: true; email: string; password: string; generated: boolean };

export class UsersService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Creates a console user. 400 on a bad email/role/password, 409 when the email exists. */
  async create(input: { email: string; role: string; password: string }, actor: string): Promise<SessionUser> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) throw new AppError(400, `"${input.email}" is not an email address`);
    const role = UserRole.safeParse(input.role);
    if (!role.success) throw new AppError(400, `role must be one of ${USER_ROLES.join(', ')}`);
    const weak = weakPasswordReason(input.password, email);
    if (weak) throw new AppError(400, weak);
    const passwordHash = await hashPassword(input.password);
    const at = this.ctx.now().toISOString();
    return transaction(this.ctx, (r) => {
      if (r.users.findByEmail(email)) throw new AppError(409, `a user with email ${email} already exists`);
      const user = r.users.create({ email, role: role.data, passwordHash, createdAt: at });
      // A new user belongs to this service's organisation with that role.
      r.memberships.add(user.id, role.data, at);
      r.audit.append(at, { actor, action: 'user.created', target: email, detail: { role: role.data } });
      return toSessionUser(user);
    });
  }

  /**
   * On a database with no users, creates admin@localhost with `password` (or a random one).
   * The caller shows the password once; it is never logged.
   */
  async ensureFirstAdmin(password?: string): Promise<FirstAdminResult> {
    if (read(this.ctx).users.count() > 0) return { created: false };
    const generated = !password;
    const pw = password ?? randomPassword();
    try {
      await this.create({ email: FIRST_ADMIN_EMAIL, role: 'admin', password: pw }, 'system');
    } catch (err) {
      // Another process created users in between: nothing to do.
      if (err instanceof AppError && err.statusCode === 409) return { created: false };
      throw err;
    }
    return { created: true, email: FIRST_ADMIN_EMAIL, password: pw, generated };
  }
}
