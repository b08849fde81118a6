#!/usr/bin/env node
// `npm run dist:agent [-- --targets linux-x64,win-x64 --out DIR --key-dir DIR --version X.Y.Z]`
//
// Builds the single-file agent programs: the built agent (apps/agent/dist) bundled by esbuild into
// one CommonJS file, made into a SEA blob by the pinned Node runtime, and injected with postject
// into that runtime for each target. Writes to dist/agent/:
//   safefleet-agent-<target>[.exe]   one program per target (no Node, no node_modules needed)
//   manifest.json                    version, and per target: file, size, sha256, Ed25519 signature
//   SHA256SUMS                       `sha256sum -c` format
//   safefleet-agent_<v>_<arch>.deb   for Debian/Ubuntu fleets (with --deb, where dpkg-deb exists)
//   build/agent.cjs, build/sea.blob  the bundle and blob every program carries
// See docs/distribution.md.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'postject';
import { buildDeb, dpkgDebAvailable } from './deb.mjs';
import { stripSignature, SEA_FUSE } from './executables.mjs';
import { loadOrCreateReleaseKey, signStatement } from './release-key.mjs';
import { hostTarget, NODE_VERSION, runtimeBinary, RUNTIMES } from './runtimes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const AGENT = resolve(here, '..');
const ROOT = resolve(AGENT, '../..');

function parseArgs(argv) {
  const opts = {
    targets: process.env.SAFEFLEET_DIST_TARGETS ?? Object.keys(RUNTIMES).join(','),
    out: join(ROOT, 'dist', 'agent'),
    'key-dir': process.env.SAFEFLEET_RELEASE_KEY_DIR ?? join(ROOT, 'data', 'release-key'),
    cache: process.env.SAFEFLEET_RUNTIME_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'safefleet', 'node-runtimes'),
    version: undefined,
    deb: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (name === 'help' || name === 'h') {
      console.log(
        'Usage: npm run dist:agent -- [--targets linux-x64,linux-arm64,win-x64,darwin-x64] [--out DIR] [--key-dir DIR] [--cache DIR] [--version X.Y.Z] [--deb]',
      );
      process.exit(0);
    }
    if (name === 'deb') {
      opts.deb = true;
      continue;
    }
    if (!(name in opts) || argv[i + 1] === undefined) fail(`unknown option or missing value: ${argv[i]}`);
    opts[name] = argv[++i];
  }
  opts.targets = opts.targets
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of opts.targets) if (!RUNTIMES[t]) fail(`unknown target ${t} (known: ${Object.keys(RUNTIMES).join(', ')})`);
  opts.out = resolve(opts.out);
  opts['key-dir'] = resolve(opts['key-dir']);
  return opts;
}

function fail(message) {
  console.error(`dist:agent: ${message}`);
  process.exit(2);
}

const log = (m) => console.log(`dist:agent: ${m}`);
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** Bundle dist/cli.js and everything it imports into one CommonJS file for the SEA. */
async function bundle(outFile, version) {
  const entry = join(AGENT, 'dist', 'cli.js');
  if (!existsSync(entry)) fail(`${entry} is missing: run "npm run build" first`);
  const versionFile = join(AGENT, 'dist', 'version.js');
  const result = await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning',
    // ws's optional native speed-ups; it works without them.
    external: ['bufferutil', 'utf-8-validate'],
    // In the SEA, __filename is the program itself.
    banner: { js: 'var __safefleet_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__safefleet_import_meta_url' },
    plugins: [
      {
        name: 'agent-version',
        setup(b) {
          if (!version) return;
          b.onLoad({ filter: /[\\/]dist[\\/]version\.js$/ }, (args) =>
            args.path === versionFile ? { contents: `export const AGENT_VERSION = ${JSON.stringify(version)};\n`, loader: 'js' } : undefined,
          );
        },
      },
    ],
    metafile: true,
  });
  return result.metafile;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const { AGENT_VERSION } = await import(pathToFileURL(join(AGENT, 'dist', 'version.js')).href).catch(() =>
    fail('apps/agent is not built: run "npm run build" first'),
  );
  const { agentReleaseStatement, agentFileName, AgentRelease } = await import('@safefleet/protocol');
  const version = opts.version ?? AGENT_VERSION;
  const key = loadOrCreateReleaseKey(opts['key-dir'], log);

  const buildDir = join(opts.out, 'build');
  mkdirSync(buildDir, { recursive: true });
  const bundleFile = join(buildDir, 'agent.cjs');
  await bundle(bundleFile, opts.version);
  log(`bundled agent ${version}: ${(readFileSync(bundleFile).length / 1024).toFixed(0)} KiB`);

  // The blob, made by this machine's copy of the pinned runtime (same Node version as every target).
  const host = hostTarget();
  if (!host) fail(`this machine (${process.platform}-${process.arch}) cannot run any pinned runtime to make the SEA blob`);
  const hostNode = runtimeBinary(host, opts.cache, log);
  const blobFile = join(buildDir, 'sea.blob');
  const seaConfig = join(buildDir, 'sea-config.json');
  writeFileSync(
    seaConfig,
    JSON.stringify(
      {
        main: bundleFile,
        output: blobFile,
        disableExperimentalSEAWarning: true,
        useSnapshot: false,
        // A code cache is specific to V8's flags and CPU; the blob is shared by every target.
        useCodeCache: false,
        // `safefleet-agent --node-options="--lite-mode …" run`: the service passes V8 flags this way.
        execArgvExtension: 'cli',
      },
      null,
      2,
    ),
  );
  execFileSync(hostNode, ['--experimental-sea-config', seaConfig], { stdio: ['ignore', 'ignore', 'inherit'] });
  const blob = readFileSync(blobFile);

  const files = [];
  for (const target of opts.targets) {
    const t0 = Date.now();
    const runtime = readFileSync(runtimeBinary(target, opts.cache, log));
    const name = agentFileName(target);
    const dest = join(opts.out, name);
    const tmp = `${dest}.partial`;
    writeFileSync(tmp, stripSignature(target, runtime), { mode: 0o755 });
    await inject(tmp, 'NODE_SEA_BLOB', blob, {
      sentinelFuse: SEA_FUSE,
      ...(target.startsWith('darwin-') ? { machoSegmentName: 'NODE_SEA' } : {}),
    });
    chmodSync(tmp, 0o755);
    renameSync(tmp, dest);
    const program = readFileSync(dest);
    const entry = { target, file: name, size: program.length, sha256: sha256(program) };
    files.push({ ...entry, signature: signStatement(key.privateKey, agentReleaseStatement({ version, ...entry })) });
    log(`${name}: ${(program.length / 1048576).toFixed(1)} MiB, sha256 ${entry.sha256} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }

  const manifest = AgentRelease.parse({
    product: 'safefleet-agent',
    version,
    builtAt: new Date().toISOString(),
    node: NODE_VERSION,
    publicKey: key.publicKey,
    files,
  });
  const sums = files.map((f) => `${f.sha256}  ${f.file}\n`);
  if (opts.deb) {
    if (!dpkgDebAvailable()) log('dpkg-deb is not installed: no .deb written (apt package dpkg)');
    else
      for (const f of files.filter((x) => x.target.startsWith('linux-'))) {
        const deb = buildDeb({ program: join(opts.out, f.file), target: f.target, version, outDir: opts.out, workDir: buildDir });
        sums.push(`${sha256(readFileSync(join(opts.out, deb)))}  ${deb}\n`);
        log(`${deb} written`);
      }
  }
  writeFileSync(join(opts.out, 'SHA256SUMS'), sums.join(''));
  // Written last and atomically: a console polling the folder sees the whole release or none.
  writeFileSync(join(opts.out, 'manifest.json.partial'), `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(join(opts.out, 'manifest.json.partial'), join(opts.out, 'manifest.json'));
  rmSync(seaConfig, { force: true });
  log(
    `wrote ${opts.out} (${files.length} program${files.length === 1 ? '' : 's'}, release key ${key.dir}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((err) => {
  console.error(`dist:agent failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
