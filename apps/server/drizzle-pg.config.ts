import { defineConfig } from 'drizzle-kit';

// `npm run db:generate:pg -w @safefleet/server` writes PostgreSQL migrations to ./drizzle-pg
// (committed), from the PostgreSQL tables derived from the SQLite schema (src/db/pg/schema.ts).
// Run it after every `npm run db:generate`: src/db/pg/migrations.test.ts fails until both agree.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: './drizzle-pg',
});
