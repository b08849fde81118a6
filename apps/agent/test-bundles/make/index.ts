/** Regenerate the test bundles: `npx tsx test-bundles/make/index.ts [name ...]` from apps/agent. */
import { fedora40 } from './fedora-40.js';
import { macos14 } from './macos-14.js';
import { macos15 } from './macos-15.js';
import { makeBundle, type BundleRecipe } from './make-bundle.js';
import { ubuntu2404 } from './ubuntu-2404.js';
import { windows10ThirdPartyAv } from './windows-10-thirdparty-av.js';
import { windows11Defender } from './windows-11-defender.js';
import { windows11Entra } from './windows-11-entra.js';

const RECIPES: BundleRecipe[] = [ubuntu2404, fedora40, windows11Defender, windows11Entra, windows10ThirdPartyAv, macos14, macos15];

const wanted = process.argv.slice(2);
for (const r of RECIPES.filter((r) => wanted.length === 0 || wanted.includes(r.name))) {
  console.log(`${r.name} → ${await makeBundle(r)}`);
}
