import { and, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { knownLogins } from '../schema/index.js';

/** Browsers that signed in to an account before (sha256 of the cookie token). */
export class KnownLoginsRepository {
  constructor(private readonly db: Executor) {}

  add(id: string, userId: number, at: string): void {
    this.db.insert(knownLogins).values({ id, userId, createdAt: at, lastUsedAt: at }).onConflictDoNothing().run();
  }

  /** Whether this browser signed in to this user before. */
  isKnown(id: string, userId: number): boolean {
    return (
      this.db
        .select({ id: knownLogins.id })
        .from(knownLogins)
        .where(and(eq(knownLogins.id, id), eq(knownLogins.userId, userId)))
        .get() !== undefined
    );
  }
}
