import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w @safefleet/server` writes SQL migrations to ./drizzle (committed).
// The server applies them at start with drizzle-orm's migrator; never `push` to a user's database.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
