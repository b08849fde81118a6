// Seeds enrolled devices straight into a console database (same rows enrolment writes), for benches.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { openDatabase, databaseFile } from '../dist/index.js';

const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Creates (migrating) the database in dataDir and inserts `count` devices; returns their credentials. */
export function seedDevices(dataDir, count, enrolledAt = new Date().toISOString()) {
  const database = openDatabase(databaseFile(dataDir));
  const creds = [];
  try {
    const insert = database.sqlite.prepare(
      `INSERT INTO devices (id, hostname, platform, secret_hash, agent_version, enrolled_at, status)
       VALUES (?, ?, 'linux', ?, '0.1.0', ?, 'notEvaluated')`,
    );
    database.sqlite.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        const secret = randomBytes(24).toString('base64url');
        insert.run(id, `bench-laptop-${i}`, sha256(secret), enrolledAt);
        creds.push({ id, secret });
      }
    })();
  } finally {
    database.close();
  }
  return creds;
}
