#!/usr/bin/env node
// `node <AGENT_NODE_FLAGS> code-cache.mjs BUNDLE OUT`: V8's code cache for a bundle the single-file
// program evaluates with src/sea/assets.ts (dist-agent.mjs runs this with the pinned runtime and the
// flags `run` uses; V8 accepts a cache only from the same version with the same flags). The bundle's
// top level runs first (it only defines modules and schemas), so the functions that runs compiles
// are in the cache too.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [bundle, out] = process.argv.slice(2);
const agent = join(dirname(fileURLToPath(import.meta.url)), '..');
const { evaluateBundle } = await import(pathToFileURL(join(agent, 'dist', 'sea', 'assets.js')).href);
const { script } = evaluateBundle(readFileSync(bundle, 'utf8'), 'run.cjs');
writeFileSync(out, script.createCachedData());
