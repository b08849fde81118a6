#!/usr/bin/env node
import { parseArgs, UsageError } from './cli/args.js';
import { migrateCommand } from './cli/migrate.js';
import {
  demoCommand,
  devicesImportCommand,
  orgCreateCommand,
  startCommand,
  tlsRotateCommand,
  tokenCreateCommand,
  userAddCommand,
  type Io,
} from './cli/commands.js';
import { AppError } from './services/errors.js';
import { SERVER_VERSION } from './version.js';

export const USAGE = `Usage: safefleet-server <command> [options]

Commands:
  start                      Run the console: API, agent gateway and scheduled jobs
      --port N               Port to listen on (default 8080; 0 picks a free port)
      --host ADDR            Address to listen on (default 127.0.0.1)
      --data DIR             Data directory; the database is DIR/safefleet.db (default ./data)
      --public-url URL       URL agents, emails and browsers use to reach this console;
                             required unless --host is a loopback address
      --tls-cert FILE --tls-key FILE
                             Serve HTTPS with this certificate and key (PEM). Off loopback the
                             console always serves HTTPS: without these it generates a
                             self-signed certificate on first start and keeps it in DIR/tls.
                             Enrolment strings carry the certificate's pin; agents refuse others.
      --tls-next-cert FILE   The certificate that will replace --tls-cert: its pin is announced
                             to agents in advance so they accept it
      --https                Serve HTTPS on a loopback address too
      --trust-proxy ADDR     Believe X-Forwarded-* headers from this reverse proxy (comma list)
      --collect-interval M   Minutes between agent collections (default 60)
      --keep-reports-days N  Delete raw reports older than N days (default 30; a device's latest
                             report stays, and at most 24 are kept per device anyway)
      --keep-snapshots-days N
                             Delete daily compliance snapshots older than N days (default 730)
      --database URL         postgres://… (or SAFEFLEET_DATABASE_URL): refused for now, as
                             serving from PostgreSQL is not built yet; see migrate below
      --cluster sqlite       Several console processes serve from this data folder (each with
                             its own --port): commands and live events reach every process.
                             Give it to every process of the folder (or SAFEFLEET_CLUSTER=sqlite);
                             without it a console is on its own (the default)
      --agent-dist DIR       Single-file agent programs to serve at /downloads/agent
                             (npm run dist:agent output; default dist/agent in the
                             repository, or SAFEFLEET_AGENT_DIST)
    On first start with no users, admin@localhost is created with the password in
    SAFEFLEET_ADMIN_PASSWORD, or a random one that is printed once.

  user add --email E --role admin|dsl|viewer|provider --password-stdin [--org ID] [--data DIR]
                             Add a console user to organisation ID (default 1); the password
                             (at least 10 characters) is read from standard input. An existing
                             user (same email) is given a role in that organisation instead.

  org create --name N [--provider EMAIL] [--data DIR]
                             Add an organisation (printed: its id). --provider gives that
                             existing user the provider role in it.

  token create [--uses N] [--expires 7d] [--url URL] [--org ID] [--data DIR]
                             Create an enrolment string for organisation ID (default 1;
                             printed alone on stdout).
                             --expires takes hours or days (12h, 7d); --url defaults to
                             http://127.0.0.1:8080. Works while the server runs.

  tls rotate [--now] [--data DIR]
                             Make the next self-signed certificate; the console announces its pin
                             to agents. Later, --now makes it current (restart the console).

  devices import --csv FILE [--data DIR]
                             Import tablets and phones from a CSV file (Safefleet columns,
                             or an Intune or Jamf export; see docs/tablets.md). The whole
                             file is checked first; rows with errors are listed by line
                             and the others imported together. Exit 1 if any row failed.

  demo [--data DIR] [--port N] [--host ADDR]
                             A made-up charity's console to look around: 40 devices and
                             tablets built from the agent's replay bundles, 90 days of
                             history, alerts and concerns. Its own data folder (default
                             ./data-demo; a real console's folder is refused). Prints the
                             URL and a demo login.

  migrate --from FILE --to postgres://USER@HOST/DB [--force]
                             Copy a console's SQLite database (e.g. data/safefleet.db) into an
                             empty PostgreSQL database: applies the PostgreSQL migrations, copies
                             every table in one transaction and checks the row counts table by
                             table (exit 1 on any difference; nothing is kept then). A database
                             already holding Safefleet rows is refused; --force deletes them
                             first. Stop the console before copying. --to defaults to
                             SAFEFLEET_DATABASE_URL. The console cannot serve from PostgreSQL yet.

  help, --help               Show this help
  --version                  Show the version
`;

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) process.stderr.write('Type the password, then press Enter and Ctrl-D:\n');
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv);
  const [command, sub] = args.positionals;
  if (args.flags.get('version') === true) {
    io.out(SERVER_VERSION);
    return 0;
  }
  if (!command || command === 'help' || args.flags.get('help') === true) {
    io.out(USAGE);
    return command || args.flags.get('help') === true ? 0 : 2;
  }
  if (command === 'start' && !sub) return startCommand(args, io);
  if (command === 'user' && sub === 'add') return userAddCommand(args, io);
  if (command === 'token' && sub === 'create') return tokenCreateCommand(args, io);
  if (command === 'org' && sub === 'create') return orgCreateCommand(args, io);
  if (command === 'tls' && sub === 'rotate') return tlsRotateCommand(args, io);
  if (command === 'demo' && !sub) return demoCommand(args, io);
  if (command === 'devices' && sub === 'import') return devicesImportCommand(args, io);
  if (command === 'migrate' && !sub) return migrateCommand(args, io);
  throw new UsageError(`unknown command "${args.positionals.join(' ')}"`);
}

const io: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  readStdin,
  env: process.env,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      io.err(`safefleet-server: ${err.message}\nRun "safefleet-server help" for usage.`);
      process.exitCode = 2;
    } else if (err instanceof AppError) {
      io.err(`safefleet-server: ${err.message}`);
      process.exitCode = 1;
    } else {
      io.err(`safefleet-server: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
  },
);
