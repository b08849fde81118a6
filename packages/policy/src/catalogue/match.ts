import { APP_CATEGORIES, type App, type AppCategory, type AppSource } from '@safefleet/protocol';
import { CATALOGUE_ENTRIES } from './entries.js';
import type { CatalogueEntry, CatalogueMatch, CatalogueMatchedBy } from './types.js';

type ExactColumn = 'macos' | 'ios' | 'linux' | 'android';
interface Hit {
  entry: CatalogueEntry;
  matchedBy: CatalogueMatchedBy;
  identifier: string;
}

/** Lookup tables built once per catalogue: exact ids by column, Store prefixes, DisplayName regexes. */
interface Index {
  exact: Record<ExactColumn, Map<string, Hit>>;
  store: { prefix: string; hit: Hit }[];
  win32: { re: RegExp; hit: Hit }[];
}

function buildIndex(entries: readonly CatalogueEntry[]): Index {
  const index: Index = {
    exact: { macos: new Map(), ios: new Map(), linux: new Map(), android: new Map() },
    store: [],
    win32: [],
  };
  for (const entry of entries) {
    const ids = entry.identifiers;
    for (const column of ['macos', 'ios', 'linux', 'android'] as const) {
      for (const identifier of ids[column] ?? []) {
        const key = identifier.toLowerCase();
        // First entry wins; catalogue.test.ts checks no identifier is listed under two entries.
        if (!index.exact[column].has(key)) index.exact[column].set(key, { entry, matchedBy: column, identifier });
      }
    }
    for (const identifier of ids.windowsStore ?? []) {
      index.store.push({ prefix: identifier.toLowerCase(), hit: { entry, matchedBy: 'windowsStore', identifier } });
    }
    for (const rx of ids.win32DisplayName ?? []) {
      index.win32.push({ re: new RegExp(rx.source, rx.flags), hit: { entry, matchedBy: 'win32DisplayName', identifier: rx.source } });
    }
  }
  // Longest prefix first, so a more specific Store name wins.
  index.store.sort((a, b) => b.prefix.length - a.prefix.length);
  return index;
}

/**
 * A Store app's package family name (Name_PublisherId). Accepts a PackageFullName
 * (Name_Version_Arch_ResourceId_PublisherId) too, since collectors may report either.
 */
export function packageFamilyName(id: string): string {
  const parts = id.split('_');
  return parts.length === 5 ? `${parts[0]}_${parts[4]}` : id;
}

/**
 * Ids to try for a .desktop entry: collectors send the file name without ".desktop"
 * (e.g. "org.telegram.desktop"), but a full file name or path is tolerated too.
 */
function desktopIds(id: string): string[] {
  const base = id.split('/').pop() ?? id;
  const stripped = base.replace(/\.desktop$/i, '');
  return stripped === base ? [base] : [base, stripped];
}

const LINUX_SOURCES: ReadonlySet<AppSource> = new Set(['dpkg', 'rpm', 'snap', 'flatpak', 'desktop']);

function lookup(index: Index, app: App): Hit | null {
  const id = app.id.trim();
  const exact = (column: ExactColumn, key: string) => index.exact[column].get(key.toLowerCase()) ?? null;
  switch (app.source) {
    case 'store': {
      const pfn = packageFamilyName(id).toLowerCase();
      return index.store.find((s) => pfn.startsWith(s.prefix))?.hit ?? null;
    }
    case 'win32':
      return index.win32.find((w) => w.re.test(app.name.trim()))?.hit ?? null;
    case 'macapp':
      // iPad apps on Apple-silicon Macs keep their iOS bundle id.
      return exact('macos', id) ?? exact('ios', id);
    case 'android':
      return exact('android', id);
    case 'ios':
      return exact('ios', id);
    default:
      if (!LINUX_SOURCES.has(app.source)) return null;
      if (app.source !== 'desktop') return exact('linux', id);
      for (const candidate of desktopIds(id)) {
        const hit = exact('linux', candidate);
        if (hit) return hit;
      }
      return null;
  }
}

/** Builds a matcher for a catalogue; `matchCatalogue` uses the built-in one. */
export function createMatcher(entries: readonly CatalogueEntry[]) {
  const index = buildIndex(entries);
  return (apps: readonly App[], categories: readonly AppCategory[] = APP_CATEGORIES): CatalogueMatch[] => {
    const wanted = new Set(categories);
    const matches: CatalogueMatch[] = [];
    for (const app of apps) {
      const hit = lookup(index, app);
      if (hit && wanted.has(hit.entry.category)) matches.push({ ...hit, app });
    }
    return matches;
  };
}

const builtIn = createMatcher(CATALOGUE_ENTRIES);

/**
 * The installed apps that are catalogue entries in the given categories (default: all), one match
 * per app, in the order the apps were given.
 */
export function matchCatalogue(apps: App[], categories?: AppCategory[]): CatalogueMatch[] {
  return builtIn(apps, categories);
}
