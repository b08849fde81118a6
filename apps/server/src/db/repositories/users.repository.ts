import { count, eq } from 'drizzle-orm';
import type { UserRole } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { users } from '../schema/index.js';

export type UserRow = typeof users.$inferSelect;

export class UsersRepository {
  constructor(private readonly db: Executor) {}

  count(): number {
    return this.db.select({ n: count() }).from(users).get()?.n ?? 0;
  }

  findByEmail(email: string): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
  }

  findById(id: number): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  create(input: { email: string; role: UserRole; passwordHash: string; createdAt: string }): UserRow {
    return this.db
      .insert(users)
      .values({ ...input, email: input.email.toLowerCase() })
      .returning()
      .get();
  }
}
