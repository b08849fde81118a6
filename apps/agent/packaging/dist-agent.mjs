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
//   build/*.cjs, build/run.cache, build/sea.blob  the bundles, code cache and blob every program carries
// See docs/distribution.md.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * The CommonJS bundles a program carries (see src/sea/main.ts and src/sea/assets.ts):
 *   agent.cjs  the SEA's main script: picks run.cjs or cli.cjs
 *   run.cjs    `run` and only what it needs (asset)
 *   cli.cjs    the whole CLI: every command, the collectors (asset)
 */
async function bundle(buildDir, version, lazyExports) {
  const dist = join(AGENT, 'dist');
  for (const f of ['sea/main.js', 'sea/run.js', 'sea/cli.js'])
    if (!existsSync(join(dist, f))) fail(`${join(dist, f)} is missing: run "npm run build" first`);
  const versionFile = join(dist, 'version.js');
  const protocolDist = `${join(ROOT, 'packages', 'protocol', 'dist')}/`;
  const zodLocales = join(dirname(createRequire(join(ROOT, 'packages', 'protocol', 'package.json')).resolve('zod')), 'v4', 'locales');
  const common = {
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
    metafile: true,
  };
  const plugins = (runBundle) => [
    {
      name: 'agent-version',
      setup(b) {
        if (!version) return;
        b.onLoad({ filter: /[\\/]dist[\\/]version\.js$/ }, (args) =>
          args.path === versionFile ? { contents: `export const AGENT_VERSION = ${JSON.stringify(version)};\n`, loader: 'js' } : undefined,
        );
      },
    },
    {
      // The protocol package's modules only declare schemas and constants: let esbuild leave out
      // the ones a bundle does not use (the console's API schemas, in run.cjs).
      name: 'protocol-without-side-effects',
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.pluginData?.inner) return undefined;
          const r = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            importer: args.importer,
            pluginData: { inner: true },
          });
          if (r.errors.length > 0 || !r.path.startsWith(protocolDist)) return undefined;
          return { path: r.path, sideEffects: false };
        });
      },
    },
    ...(runBundle
      ? [
          {
            // zod's z.locales carries the error messages of ~50 languages (half of zod's code); the
            // agent uses English, zod's default, so run.cjs keeps only that one.
            name: 'zod-english-only',
            setup(b) {
              b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
                /[\\/]node_modules[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'safefleet' } : undefined,
              );
              b.onLoad({ filter: /^zod-locales$/, namespace: 'safefleet' }, () => ({
                contents: `export { default as en } from ${JSON.stringify(join(zodLocales, 'en.js'))};\n`,
                loader: 'js',
                resolveDir: zodLocales,
              }));
            },
          },
          {
            // Node's tls, https and zlib are loaded when first used, not when run.cjs starts: ws
            // requires all three at its top level, yet a plain-http console needs none of them and
            // permessage-deflate is off (transport/ws-client.ts), so the idle agent of an http
            // console does not keep them (≈ 3.7 MiB; docs/performance.md). Each stands in as an
            // object with a getter per export of the pinned runtime's module (LAZY_MODULES).
            name: 'lazy-node-modules',
            setup(b) {
              b.onResolve({ filter: /^(node:)?(tls|https|zlib)$/ }, (args) =>
                args.namespace === 'lazy-node'
                  ? { path: args.path, external: true }
                  : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-node' },
              );
              b.onLoad({ filter: /.*/, namespace: 'lazy-node' }, (args) => ({
                contents: lazyModule(args.path, lazyExports[args.path]),
                loader: 'js',
              }));
            },
          },
          {
            // run.cjs's in-process collection (when the child cannot run) comes from cli.cjs.
            name: 'collectors-from-cli-asset',
            setup(b) {
              b.onResolve({ filter: /^\.\/collectors\/index\.js$/ }, (args) =>
                args.importer === join(dist, 'agent.js') ? { path: join(dist, 'sea', 'collect-fallback.js') } : undefined,
              );
            },
          },
        ]
      : []),
  ];
  const out = { main: join(buildDir, 'agent.cjs'), run: join(buildDir, 'run.cjs'), cli: join(buildDir, 'cli.cjs') };
  const [, r] = await Promise.all([
    build({ ...common, entryPoints: [join(dist, 'sea', 'main.js')], outfile: out.main, plugins: plugins(false) }),
    // Short names too for run.cjs: V8 keeps its whole text in the idle agent's heap.
    build({ ...common, minifyIdentifiers: true, entryPoints: [join(dist, 'sea', 'run.js')], outfile: out.run, plugins: plugins(true) }),
    build({ ...common, entryPoints: [join(dist, 'sea', 'cli.js')], outfile: out.cli, plugins: plugins(false) }),
  ]);
  // src/sea/assets.ts evaluates the bundles without a module loader: import() of a Node module
  // (which esbuild leaves as it is) would fail there. Import Node's modules statically.
  for (const f of [out.run, out.cli]) {
    const found = /\bimport\((["'])[^"']+\1\)/.exec(readFileSync(f, 'utf8'));
    if (found) fail(`${f} has ${found[0]}: import Node modules statically in the agent's code`);
  }
  // The main script runs before every command (and guards `run` after an update): Node's modules only.
  const mainKiB = readFileSync(out.main).length / 1024;
  if (mainKiB > 16) fail(`${out.main} is ${mainKiB.toFixed(0)} KiB: the main script must stay small (src/sea/main.ts)`);
  const inRun = Object.entries(Object.values(r.metafile.outputs)[0].inputs)
    .filter(([, i]) => i.bytesInOutput > 0)
    .map(([p]) => p);
  // What `run` must not carry (the idle agent would parse and keep it).
  for (const heavy of [
    'node_modules/systeminformation/',
    'dist/collectors/registry.js',
    'dist/cli/install.js',
    'packages/protocol/dist/api/devices.js',
  ])
    if (inRun.some((p) => p.includes(heavy))) fail(`run.cjs would carry ${heavy}: keep it out of the run path (src/sea/run.ts)`);
  return out;
}

/** Node modules run.cjs loads on first use (see the lazy-node-modules plugin). */
const LAZY_MODULES = ['tls', 'https', 'zlib'];

/** The names each of LAZY_MODULES exports in the runtime the programs carry. */
function runtimeExports(node) {
  const code = `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(LAZY_MODULES)}.map((m) => [m, Object.keys(require(m))]))))`;
  return JSON.parse(execFileSync(node, ['-e', code], { encoding: 'utf8' }));
}

/** A CommonJS module whose exports are getters that require `name` the first time one is read. */
function lazyModule(name, keys) {
  if (!keys?.length) throw new Error(`no export list for ${name}`);
  const getters = keys.map((k) => `${JSON.stringify(k)}: { enumerable: true, get: () => load()[${JSON.stringify(k)}] }`);
  return `let real; const load = () => (real ??= require(${JSON.stringify(`node:${name}`)}));\nObject.defineProperties(module.exports, { ${getters.join(', ')} });\n`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const { AGENT_VERSION } = await import(pathToFileURL(join(AGENT, 'dist', 'version.js')).href).catch(() =>
    fail('apps/agent is not built: run "npm run build" first'),
  );
  const { agentReleaseStatement, agentFileName, AgentRelease } = await import('@safefleet/protocol');
  const { AGENT_NODE_FLAGS } = await import(pathToFileURL(join(AGENT, 'dist', 'runtime.js')).href);
  const { ASSET } = await import(pathToFileURL(join(AGENT, 'dist', 'sea', 'assets.js')).href);
  const version = opts.version ?? AGENT_VERSION;
  const key = loadOrCreateReleaseKey(opts['key-dir'], log);

  // This machine's copy of the pinned runtime (same Node version as every target) makes the code
  // cache and the blob, and says what the modules run.cjs loads lazily export.
  const host = hostTarget();
  if (!host) fail(`this machine (${process.platform}-${process.arch}) cannot run any pinned runtime to make the SEA blob`);
  const hostNode = runtimeBinary(host, opts.cache, log);

  const buildDir = join(opts.out, 'build');
  mkdirSync(buildDir, { recursive: true });
  const bundles = await bundle(buildDir, opts.version, runtimeExports(hostNode));
  const kib = (f) => `${(readFileSync(f).length / 1024).toFixed(0)} KiB`;
  log(`bundled agent ${version}: run.cjs ${kib(bundles.run)}, cli.cjs ${kib(bundles.cli)}`);

  // V8's compiled form of run.cjs, made with the flags `run` uses (AGENT_NODE_FLAGS): `run` then
  // starts without parsing and compiling it, which left ~4 MiB of freed compiler memory in the idle
  // process. V8 checks the cache (its version, the flags, the source) and compiles as usual when it
  // does not fit. (Not the SEA's own useCodeCache: that warns on every start without those flags.)
  const runCache = join(buildDir, 'run.cache');
  execFileSync(hostNode, [...AGENT_NODE_FLAGS, join(here, 'code-cache.mjs'), bundles.run, runCache], { stdio: ['ignore', 'ignore', 'inherit'] });
  const blobFile = join(buildDir, 'sea.blob');
  const seaConfig = join(buildDir, 'sea-config.json');
  writeFileSync(
    seaConfig,
    JSON.stringify(
      {
        main: bundles.main,
        output: blobFile,
        disableExperimentalSEAWarning: true,
        useSnapshot: false,
        useCodeCache: false,
        assets: { [ASSET.run]: bundles.run, [ASSET.runCache]: runCache, [ASSET.cli]: bundles.cli },
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
