import { LIMITS, type App } from '@safefleet/protocol';
import type { Host } from '../../exec/index.js';
import { readPlistFile, type PlistValue } from '../../exec/plist.js';
import type { CollectContext, GroupInput } from '../types.js';
import { appFromInfoPlist, dedupeApps, homeFolders, parsePlutilJson, splitListing } from './darwin.parse.js';
import { mapLimit } from '../map-limit.js';

export const plutilJsonArgs = (plist: string) => ['-convert', 'json', '-o', '-', plist];

interface Bundle {
  /** Absolute path of the .app. */
  path: string;
  user?: string;
}

/**
 * Apps in /Applications (and one folder down), and in each person's ~/Applications (and one
 * folder down, where Chrome keeps web apps). Apple's own /System/Applications are not listed.
 * iPad apps on Apple silicon keep their iOS bundle inside `<App>.app/Wrapper/`.
 */
export async function collectAppsDarwin(ctx: CollectContext): Promise<GroupInput<'apps'>> {
  const { host } = ctx;
  const system = await bundlesIn(host, '/Applications');
  if (system === null) return { status: 'error', error: 'The Applications folder could not be read' };
  const homes = homeFolders((await host.listDir('/Users')) ?? []);
  const perUser = await Promise.all(homes.map(async (u) => (await bundlesIn(host, `/Users/${u}/Applications`, u)) ?? []));
  const bundles = [...system, ...perUser.flat()];
  const truncated = bundles.length > LIMITS.maxApps;

  const found = await mapLimit(bundles.slice(0, LIMITS.maxApps), 8, (b) => readBundle(host, b));
  const apps = dedupeApps(found.flat()).slice(0, LIMITS.maxApps);
  return { status: 'ok', apps, ...(truncated ? { truncated } : {}) };
}

/** .app bundles in a folder and its sub-folders; null when the folder cannot be listed. */
async function bundlesIn(host: Host, dir: string, user?: string): Promise<Bundle[] | null> {
  const names = await host.listDir(dir);
  if (names === null) return null;
  const top = splitListing(names);
  const nested = await Promise.all(
    top.folders.map(async (f) => splitListing((await host.listDir(`${dir}/${f}`)) ?? []).apps.map((a) => `${dir}/${f}/${a}`)),
  );
  const paths = [...top.apps.map((a) => `${dir}/${a}`), ...nested.flat()];
  return paths.map((path) => (user ? { path, user } : { path }));
}

async function readBundle(host: Host, b: Bundle): Promise<App[]> {
  const name = b.path.slice(b.path.lastIndexOf('/') + 1);
  const info = `${b.path}/Contents/Info.plist`;
  if (await host.exists(info)) return [appFromInfoPlist(await readInfo(host, info), name, b.user)];
  // An iPad app: the iOS bundle (flat, Info.plist at its root) sits in Wrapper/.
  const wrapped = splitListing((await host.listDir(`${b.path}/Wrapper`)) ?? []).apps;
  if (wrapped.length === 0) return [appFromInfoPlist(null, name, b.user)];
  return Promise.all(wrapped.map(async (inner) => appFromInfoPlist(await readInfo(host, `${b.path}/Wrapper/${inner}/Info.plist`), name, b.user)));
}

/** plutil reads binary and XML plists; if it refuses (e.g. a <date> JSON cannot hold), read the XML. */
async function readInfo(host: Host, plist: string): Promise<PlistValue | null> {
  const r = await host.run('plutil', plutilJsonArgs(plist), { timeoutMs: 10_000 });
  const json = r.exitCode === 0 ? parsePlutilJson(r.stdout) : null;
  return json ?? readPlistFile(host, plist, 1024 * 1024);
}
