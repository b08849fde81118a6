import { alertsOptionsFromEnv } from '../services/alerts/options.js';
import { assertServableDatabase, databaseFile, parseDatabaseUrl, resolveConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { closeOnSignals, startServer } from '../main.js';
import { consoleWideTransaction, readConsoleWide, silentLog, transaction } from '../services/context.js';
import { OrganisationSettings, USER_ROLES, UserRole } from '@safefleet/protocol';
import { ServerEvents } from '../services/events.js';
import { ServicesByOrganisation, type Services } from '../services/index.js';
import { MIN_PASSWORD_LENGTH } from '../services/login-password.service.js';
import { createNextCertificate, promoteNextCertificate, readPinsFile } from '../tls/certificate.js';
import { AgentRegistry } from '../ws/agent-registry.js';
import { allowOnly, intFlag, parseDuration, stringFlag, UsageError, type ParsedArgs } from './args.js';
import { createPlainLogStream } from './log-stream.js';
import { jobPeriodSecondsFromEnv } from '../scheduler/jobs.js';
import { DEMO_BUNDLES_DIR, DEMO_PASSWORD, DEMO_USERS, demoState, seedDemo } from '../demo/demo.seed.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
}

function validUrl(value: string, flag: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return value.replace(/\/+$/, '');
  } catch {
    throw new UsageError(`${flag} must be an http:// or https:// URL, e.g. https://console.example.org`);
  }
}

/** Opens the data directory's database for a one-shot command (works while the server runs: WAL). */
async function withServices<T>(
  dataDir: string | undefined,
  fn: (s: Services, all: ServicesByOrganisation) => Promise<T> | T,
  organisationId = 1,
): Promise<T> {
  const config = resolveConfig({ ...(dataDir ? { dataDir } : {}) });
  // The pin of the certificate the console serves (written by the running console at start).
  const pins = readPinsFile(config.dataDir);
  if (pins) config.tls = pins;
  const database = openDatabase(databaseFile(config.dataDir));
  try {
    const all = new ServicesByOrganisation(
      { db: database.db, config, events: new ServerEvents(), log: silentLog, now: () => new Date() },
      new AgentRegistry(),
    );
    let services: Services;
    try {
      services = all.for(organisationId);
    } catch {
      throw new UsageError(`there is no organisation ${organisationId} (safefleet-server org create --name … makes one)`);
    }
    return await fn(services, all);
  } finally {
    database.close();
  }
}

function firstStartBox(email: string, password: string): string {
  const lines = [`First start: sign in as ${email} with password ${password} — change it after signing in`, 'This password is shown only once.'];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '+' + '-'.repeat(width + 2) + '+';
  return [bar, ...lines.map((l) => `| ${l.padEnd(width)} |`), bar].join('\n');
}

export async function startCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, [
    'port',
    'host',
    'data',
    'public-url',
    'collect-interval',
    'agent-dist',
    'tls-cert',
    'tls-key',
    'tls-next-cert',
    'https',
    'trust-proxy',
    'keep-reports-days',
    'keep-snapshots-days',
    'database',
    'cluster',
  ]);
  const publicUrl = stringFlag(args, 'public-url');
  const databaseFlag = stringFlag(args, 'database');
  let databaseUrl: string | undefined;
  try {
    if (databaseFlag !== undefined) databaseUrl = parseDatabaseUrl(databaseFlag, '--database');
    else if (io.env.SAFEFLEET_DATABASE_URL) databaseUrl = parseDatabaseUrl(io.env.SAFEFLEET_DATABASE_URL, 'SAFEFLEET_DATABASE_URL');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const clusterValue = stringFlag(args, 'cluster') ?? (io.env.SAFEFLEET_CLUSTER || undefined);
  if (clusterValue !== undefined && clusterValue !== 'sqlite') {
    throw new UsageError(`--cluster takes "sqlite" (console processes sharing one data folder); got "${clusterValue}"`);
  }
  const pollMs = Number(io.env.SAFEFLEET_AGENT_DIST_POLL_MS);
  const config = resolveConfig({
    tlsCert: stringFlag(args, 'tls-cert'),
    tlsKey: stringFlag(args, 'tls-key'),
    tlsNextCert: stringFlag(args, 'tls-next-cert'),
    https: args.flags.get('https') === true ? true : undefined,
    trustProxy: stringFlag(args, 'trust-proxy'),
    minFreeDiskMb: io.env.SAFEFLEET_MIN_FREE_MB ? Number(io.env.SAFEFLEET_MIN_FREE_MB) || undefined : undefined,
    port: intFlag(args, 'port', 0, 65_535),
    host: stringFlag(args, 'host'),
    dataDir: stringFlag(args, 'data'),
    publicUrl: publicUrl ? validUrl(publicUrl, '--public-url') : undefined,
    collectIntervalMinutes: intFlag(args, 'collect-interval', 5, 24 * 60),
    reportRetentionDays: intFlag(args, 'keep-reports-days', 1, 3650),
    snapshotRetentionDays: intFlag(args, 'keep-snapshots-days', 1, 36500),
    agentDistDir: stringFlag(args, 'agent-dist') ?? (io.env.SAFEFLEET_AGENT_DIST || undefined),
    agentDistPollMs: Number.isInteger(pollMs) && pollMs >= 100 ? pollMs : undefined,
    jobPeriodSeconds: jobPeriodSecondsFromEnv(io.env.SAFEFLEET_JOB_PERIOD_SECONDS),
    databaseUrl,
    cluster: clusterValue,
  });
  // Before anything is opened or created: the refusal leaves no data folder behind.
  assertServableDatabase(config);
  const adminPassword = io.env.SAFEFLEET_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`SAFEFLEET_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const server = await startServer(config, {
    adminPassword,
    // SAFEFLEET_SMTP_URL, SAFEFLEET_MAIL_FROM, SAFEFLEET_DSL_EMAIL, SAFEFLEET_ITLEAD_EMAIL, retry/cron knobs.
    alerts: alertsOptionsFromEnv(io.env),
    logger: {
      level: io.env.SAFEFLEET_LOG_LEVEL || 'info',
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      // Plain lines for people by default; SAFEFLEET_LOG_FORMAT=json for log collectors.
      ...(io.env.SAFEFLEET_LOG_FORMAT === 'json'
        ? {}
        : { stream: createPlainLogStream((text) => process.stdout.write(text), ['debug', 'trace'].includes(io.env.SAFEFLEET_LOG_LEVEL ?? '')) }),
    },
  });
  if (server.firstAdmin.created) {
    io.out(
      server.firstAdmin.generated
        ? firstStartBox(server.firstAdmin.email, server.firstAdmin.password)
        : `First start: sign in as ${server.firstAdmin.email} with the password from SAFEFLEET_ADMIN_PASSWORD — change it after signing in`,
    );
  }
  io.out(`Safefleet console listening on ${server.url}`);
  return new Promise<number>((resolve) => {
    closeOnSignals(server, (err) => {
      if (err) io.err(`error while stopping: ${String(err)}`);
      resolve(err ? 1 : 0);
    });
  });
}

/**
 * `tls rotate`: makes the next self-signed certificate; the running console tells every agent its
 * pin (within a minute, and on each connection). `tls rotate --now`: the next certificate becomes
 * the current one; restart the console to serve it.
 */
export async function tlsRotateCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, ['data', 'now']);
  const config = resolveConfig({ ...(stringFlag(args, 'data') ? { dataDir: stringFlag(args, 'data') } : {}) });
  if (args.flags.get('now') === true) {
    const { pin } = promoteNextCertificate(config.dataDir);
    io.out(pin);
    io.err('The next certificate is now the current one: restart the console to serve it. Agents that heard its pin accept it.');
    return 0;
  }
  const next = await createNextCertificate(config.dataDir);
  io.out(next.pin);
  io.err(
    `Made the next certificate (${next.certFile}). Connected agents are told its pin within a minute, others when they ` +
      'next connect. Once every device has connected, run "safefleet-server tls rotate --now" and restart the console.',
  );
  return 0;
}

export async function userAddCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, ['email', 'role', 'password-stdin', 'org', 'data']);
  const email = stringFlag(args, 'email');
  const role = UserRole.safeParse(stringFlag(args, 'role'));
  if (!email || !stringFlag(args, 'role')) throw new UsageError('user add needs --email and --role');
  if (!role.success) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`);
  if (args.flags.get('password-stdin') !== true) throw new UsageError('user add needs --password-stdin (the password is read from standard input)');
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  const org = intFlag(args, 'org', 1, 2_000_000_000) ?? 1;
  const user = await withServices(
    stringFlag(args, 'data'),
    async (s) => {
      const found = readConsoleWide(s.ctx.db).users.findByEmail(email.trim().toLowerCase());
      // A new person goes through the password checks; an existing one gets a role here (password kept).
      if (!found) return s.consoleUsers.get((await s.users.create({ email, role: role.data, password }, 'cli')).id);
      return s.consoleUsers.create({ email, role: role.data }, 'cli');
    },
    org,
  );
  io.err(`Created ${user.role} ${user.email} in organisation ${org}`);
  return 0;
}

export async function tokenCreateCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, ['uses', 'expires', 'url', 'org', 'data']);
  const uses = intFlag(args, 'uses', 1, 10_000) ?? 1;
  const expiresInHours = parseDuration(stringFlag(args, 'expires') ?? '7d');
  const url = validUrl(stringFlag(args, 'url') ?? 'http://127.0.0.1:8080', '--url');
  const org = intFlag(args, 'org', 1, 2_000_000_000) ?? 1;
  const token = await withServices(stringFlag(args, 'data'), (s) => s.enrolment.createToken({ uses, expiresInHours, url }, 'cli'), org);
  io.out(token.enrolmentString);
  io.err(`Enrolment string for ${url}: ${uses} use(s), expires ${token.expiresAt}`);
  return 0;
}

/** `org create --name N [--provider EMAIL]`: a new organisation; prints its id. */
export async function orgCreateCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, ['name', 'provider', 'data']);
  const name = stringFlag(args, 'name')?.trim();
  if (!name) throw new UsageError('org create needs --name');
  if (name.length > 200) throw new UsageError('--name is at most 200 characters');
  const providerEmail = stringFlag(args, 'provider')?.trim().toLowerCase();
  const id = await withServices(stringFlag(args, 'data'), (s) => {
    const cw = readConsoleWide(s.ctx.db);
    const provider = providerEmail ? cw.users.findByEmail(providerEmail) : undefined;
    if (providerEmail && !provider) throw new UsageError(`no user ${providerEmail}: add them first with "user add"`);
    const at = s.ctx.now().toISOString();
    const org = consoleWideTransaction(s.ctx.db, (r) => r.organisations.create(name, at));
    transaction({ db: s.ctx.db, organisationId: org.id }, (r) => {
      if (provider) r.memberships.add(provider.id, 'provider', at);
      r.organisation.putSettings(OrganisationSettings.parse({ name }), at, 'cli');
      r.audit.append(at, { actor: 'cli', action: 'organisation.created', target: String(org.id), detail: { name, provider: providerEmail ?? null } });
    });
    return org.id;
  });
  io.out(String(id));
  io.err(`Created organisation ${id} "${name}"${providerEmail ? ` with provider ${providerEmail}` : ''}`);
  return 0;
}

/** `devices import --csv FILE`: tablets and phones from a CSV (Safefleet, Intune or Jamf columns). */
export async function devicesImportCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, ['csv', 'data']);
  const file = stringFlag(args, 'csv');
  if (!file) throw new UsageError('devices import needs --csv FILE');
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const result = await withServices(stringFlag(args, 'data'), (s) => s.tablets.csv.importCsv(text, 'cli'));
  if (result.format) io.err(`Read ${file} as: ${result.format}`);
  for (const r of result.imported) {
    io.out(`line ${r.line}: ${r.action} ${r.name} (serial ${r.serial ?? 'none'})${r.note ? `: ${r.note}` : ''}`);
  }
  for (const e of result.errors) io.out(`line ${e.line}: not imported: ${e.message}`);
  const done = result.imported.filter((r) => r.action !== 'skipped').length;
  io.err(`${done} device(s) imported, ${result.errors.length} row(s) with errors.`);
  return result.errors.length > 0 ? 1 : 0;
}

/**
 * `safefleet-server demo`: a made-up charity's console (40 devices and tablets, 90 days of history,
 * alerts and concerns) in its own data folder (default ./data-demo), seeded on first run, then served
 * like `start`. A folder holding a real console is refused, so the two never mix.
 */
export async function demoCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, ['port', 'host', 'data', 'public-url', 'bundles']);
  const dataDir = stringFlag(args, 'data') ?? 'data-demo';
  const config = resolveConfig({ dataDir, port: 0 });
  let state: 'empty' | 'seeded';
  try {
    state = demoState(config.dataDir);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (state === 'empty') {
    io.out(`Seeding the demo console in ${config.dataDir} (40 devices, 90 days; about a minute)...`);
    const r = await seedDemo(config, stringFlag(args, 'bundles') ?? DEMO_BUNDLES_DIR);
    io.out(`Demo seeded: ${r.devices} devices and tablets, history ${r.from} to ${r.to}, ${r.concerns} concerns.`);
  }
  io.out(`Demo login: ${DEMO_USERS.admin} (IT lead), ${DEMO_USERS.dsl} (DSL) or ${DEMO_USERS.viewer} (viewer), password ${DEMO_PASSWORD}`);
  const flags = new Map(args.flags);
  flags.delete('bundles');
  flags.set('data', config.dataDir);
  return startCommand({ positionals: ['start'], flags }, io);
}
