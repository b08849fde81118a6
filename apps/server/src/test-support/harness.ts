/** Test harness: a real app on a real SQLite file in a temp dir (not part of the build). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Report, SESSION_COOKIE, type EnrollResponse, type FactsInput, type EnrolmentToken, type UserRole } from '@safefleet/protocol';
import { buildApp, type BuildAppOptions } from '../app.js';
import { databaseFile, resolveConfig, type ServerConfig } from '../config.js';
import { openDatabase, type AppDatabase } from '../db/client.js';

export const PASSWORD = 'correct horse battery staple';

export interface TestServer {
  app: FastifyInstance;
  database: AppDatabase;
  dir: string;
  /** Base http URL when started with listen: true. */
  url: string;
  close(): Promise<void>;
}

export async function createTestServer(
  opts: {
    listen?: boolean;
    now?: () => Date;
    config?: Partial<ServerConfig>;
    /** Extra buildApp options (web folder, console ping interval, alert options). */
    app?: Pick<BuildAppOptions, 'webDir' | 'consolePingMs' | 'alerts' | 'onRoute'>;
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'safefleet-server-test-'));
  const config = resolveConfig({ dataDir: dir, port: 0, agentDistDir: join(dir, 'agent-dist'), ...opts.config });
  const database = openDatabase(databaseFile(dir));
  const app = await buildApp({ db: database, config, ...opts.app, ...(opts.now ? { now: opts.now } : {}) });
  let url = '';
  if (opts.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  } else {
    await app.ready();
  }
  return {
    app,
    database,
    dir,
    url,
    async close() {
      await app.close();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addUser(app: FastifyInstance, email: string, role: UserRole, password = PASSWORD): Promise<void> {
  await app.services.users.create({ email, role, password }, 'test');
}

/** Signs in and returns the Cookie header value. */
export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie');
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/** Creates an admin (once) and returns its cookie. */
export async function adminCookie(app: FastifyInstance): Promise<string> {
  try {
    await addUser(app, 'it-lead@example.org', 'admin');
  } catch {
    /* already there */
  }
  return login(app, 'it-lead@example.org');
}

export async function createToken(app: FastifyInstance, cookie: string, body: Record<string, unknown> = {}): Promise<EnrolmentToken> {
  const res = await app.inject({ method: 'POST', url: '/api/enrolment-tokens', headers: { cookie }, payload: body });
  if (res.statusCode !== 201) throw new Error(`token create failed: ${res.statusCode} ${res.body}`);
  return res.json<EnrolmentToken>();
}

export function tokenOf(enrolmentString: string): string {
  const payload = JSON.parse(Buffer.from(enrolmentString.slice('SFE1.'.length), 'base64url').toString('utf8')) as { token: string };
  return payload.token;
}

/** Stores a report for a device through the ingest service (as the gateway would). */
export function ingest(app: FastifyInstance, deviceId: string, facts: FactsInput, seq = 1): { reportId: string; duplicate: boolean } {
  const reportId = randomUUID();
  const report = Report.parse({ type: 'report', reportId, seq, facts });
  return { reportId, ...app.services.ingest.report(deviceId, report) };
}

/** Creates a token and enrols one device with it. */
export async function enrolDevice(app: FastifyInstance, cookie: string, hostname = 'yw-laptop-01'): Promise<EnrollResponse> {
  const token = await createToken(app, cookie);
  const res = await app.inject({
    method: 'POST',
    url: '/agent/enroll',
    payload: { token: tokenOf(token.enrolmentString), hostname, platform: 'linux', agentVersion: '0.1.0' },
  });
  if (res.statusCode !== 200) throw new Error(`enroll failed: ${res.statusCode} ${res.body}`);
  return res.json<EnrollResponse>();
}
