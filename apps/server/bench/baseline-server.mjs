// The baseline: a plain `ws` server storing each report with one prepared better-sqlite3 INSERT
// (WAL, synchronous=FULL like the console) and acking it. What "the same payloads on the same machine with nothing else" costs; the console's
// ingest is measured against it in the same run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';

const [dir, credsFile] = process.argv.slice(2);
const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');
const secrets = new Map(JSON.parse(readFileSync(credsFile, 'utf8')).map((c) => [c.id, sha256(c.secret)]));

const db = new Database(join(dir, 'baseline.db'));
db.pragma('journal_mode = WAL');
// Same durability as the console (its database runs with synchronous=FULL: an ack means on disk).
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS reports (report_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, seq INTEGER NOT NULL,
  collected_at TEXT NOT NULL, received_at TEXT NOT NULL, facts_json TEXT NOT NULL)`);
const insert = db.prepare('INSERT OR IGNORE INTO reports VALUES (?, ?, ?, ?, ?, ?)');

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  backlog: 4096,
  maxPayload: 8 * 1024 * 1024,
  perMessageDeflate: false,
  verifyClient: ({ req }) => {
    const m = /^Bearer\s+([^.\s]+)\.(\S+)$/i.exec(req.headers.authorization ?? '');
    return !!m && secrets.get(m[1]) === sha256(m[2]);
  },
});
wss.on('connection', (ws, req) => {
  const deviceId = /^Bearer\s+([^.\s]+)\./i.exec(req.headers.authorization)[1];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.type === 'hello') {
      ws.send(JSON.stringify({ type: 'hello', protocolVersion: 1, deviceId, serverVersion: 'baseline', collectIntervalMinutes: 60 }));
    } else if (msg.type === 'report') {
      insert.run(msg.reportId, deviceId, msg.seq, msg.facts.collectedAt, new Date().toISOString(), JSON.stringify(msg.facts));
      ws.send(JSON.stringify({ type: 'ack', reportId: msg.reportId, seq: msg.seq }));
    }
  });
  ws.on('error', () => {});
});
wss.on('listening', () => process.send?.({ port: wss.address().port }));
process.on('SIGTERM', () => {
  wss.close();
  db.close();
  process.exit(0);
});
