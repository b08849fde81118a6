/**
 * The demo fleet as data (pure): 40 devices of a made-up youth charity built from the agent's replay
 * bundles (apps/agent/test-bundles/<name>/facts.json: facts the real collectors produced from
 * recorded machines), and what happens to each over the 90 days the demo replays.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { matchCatalogue } from '@safefleet/policy';
import { type App, Facts, type FactsInput } from '@safefleet/protocol';

export const DEMO_DAYS = 90;
export const DEMO_LAPTOPS = 34;
export const DEMO_TABLETS = 6;

/** A bundle's facts, validated with the protocol schema. */
export interface BundleFacts {
  name: string;
  facts: Facts;
}

/** Reads every bundle folder under `dir` that has a facts.json (the replayed collectors' output). */
export function loadBundleFacts(dir: string): BundleFacts[] {
  const out: BundleFacts[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    let text: string;
    try {
      text = readFileSync(join(dir, name, 'facts.json'), 'utf8');
    } catch {
      continue;
    }
    out.push({ name, facts: Facts.parse(JSON.parse(text)) });
  }
  if (out.length === 0) throw new Error(`no replay bundles with facts.json under ${dir}`);
  return out;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Every ISO date-time in `value` moved by `ms` (so a bundle recorded in November reads as if collected today). */
export function shiftDates<T>(value: T, ms: number): T {
  if (typeof value === 'string') return (ISO.test(value) ? new Date(Date.parse(value) + ms).toISOString() : value) as T;
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, ms)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, ms)])) as T;
  return value;
}

/** A catalogue app as the agent would report it on `platform` (Store/DisplayName on Windows, bundle id on macOS, package on Linux). */
export function catalogueApp(catalogueId: string, name: string, platform: string): App {
  const candidates: App[] = platform === 'win32' ? [{ name, id: name, source: 'win32' }] : [];
  // macOS and Linux: the catalogue's own identifiers, which the matcher knows exactly.
  for (const id of CATALOGUE_IDS[catalogueId]?.[platform === 'darwin' ? 'macos' : 'linux'] ?? []) {
    candidates.push({ name, id, source: platform === 'darwin' ? 'macapp' : 'dpkg' });
  }
  const found = candidates.find((a) => matchCatalogue([a]).some((m) => m.entry.id === catalogueId));
  if (!found) throw new Error(`the catalogue does not recognise ${catalogueId} on ${platform}`);
  return found;
}

/** Identifiers used above (a subset of the catalogue's; catalogueApp checks each against the real matcher). */
const CATALOGUE_IDS: Record<string, { macos?: string[]; linux?: string[] }> = {
  teams: { macos: ['com.microsoft.teams2'] },
  zoom: { macos: ['us.zoom.xos'], linux: ['us.zoom.Zoom'] },
  telegram: { macos: ['ru.keepcoder.Telegram'], linux: ['telegram-desktop'] },
  whatsapp: { macos: ['net.whatsapp.WhatsApp'], linux: ['io.github.mimbrero.WhatsAppDesktop'] },
  discord: { macos: ['com.hnc.Discord'], linux: ['discord'] },
  signal: { macos: ['org.whispersystems.signal-desktop'], linux: ['signal-desktop'] },
};

/** What happens to one laptop during the demo: extra apps from/to a day, updates left pending, antivirus off, going silent. */
export interface LaptopStory {
  hostname: string;
  bundle: string;
  keeper: { name: string; email: string; role: string };
  /** Work channels installed from day 0 (approved by the organisation). */
  channels: string[];
  /** A catalogue app installed on `from` (and removed on `to`, if set). */
  app?: { id: string; name: string; from: number; to?: number };
  /** Security updates left pending from `from` to `to` (days). */
  updatesPending?: { from: number; to: number };
  /** Real-time antivirus off from `from` to `to`. */
  antivirusOff?: { from: number; to: number };
  /** The device stops reporting on this day (then goes Stale). */
  silentFrom?: number;
}

const FIRST = [
  'Amira',
  'Ben',
  'Chloe',
  'Dev',
  'Ella',
  'Femi',
  'Grace',
  'Harry',
  'Isla',
  'Jamal',
  'Kate',
  'Liam',
  'Maya',
  'Noah',
  'Olu',
  'Priya',
  'Quinn',
];
const LAST = ['Ahmed', 'Brown', 'Clarke', 'Davies', 'Evans', 'Fletcher', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Mensah', 'Nowak'];
const ROLES = ['Youth worker', 'Youth worker', 'Youth worker', 'Project coordinator', 'Office', 'Volunteer lead'];

export function keeperFor(i: number): { name: string; email: string; role: string } {
  const first = FIRST[i % FIRST.length] ?? 'Sam';
  const last = LAST[(i * 5) % LAST.length] ?? 'Smith';
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}@riverside-youth.example`.toLowerCase(),
    role: ROLES[i % ROLES.length] ?? 'Youth worker',
  };
}

/** The 34 laptops: every bundle several times over, Windows most often (as in most charities). */
export function laptopStories(bundles: BundleFacts[]): LaptopStory[] {
  const order = [...bundles].sort((a, b) => weight(b) - weight(a) || a.name.localeCompare(b.name));
  const stories: LaptopStory[] = [];
  for (let i = 0; i < DEMO_LAPTOPS; i++) {
    const b = order[i % order.length] as BundleFacts;
    const platform = b.facts.os.platform;
    const prefix = platform === 'win32' ? 'WIN' : platform === 'darwin' ? 'MAC' : 'LNX';
    const story: LaptopStory = {
      hostname: `${prefix}-RYT-${String(i + 1).padStart(2, '0')}`,
      bundle: b.name,
      keeper: keeperFor(i),
      channels: platform === 'linux' ? ['zoom'] : ['teams', 'zoom'].slice(0, 1 + (i % 2)),
    };
    stories.push(story);
  }
  const at = (i: number) => stories[i] as LaptopStory;
  // Safeguarding: each app moves the concern through a different state (the seeder triages them).
  at(2).app = { id: 'telegram', name: 'Telegram', from: 84 }; // awaits triage
  at(9).app = { id: 'whatsapp', name: 'WhatsApp', from: 30 }; // allowed for the role by exception
  at(14).app = { id: 'discord', name: 'Discord', from: 48, to: 58 }; // a logged concern, removed, closed
  at(21).app = { id: 'signal', name: 'Signal', from: 66 }; // not a concern
  at(27).app = { id: 'telegram', name: 'Telegram', from: 88 }; // awaits triage
  // Everyday hygiene.
  for (const i of [1, 6, 11, 19, 25]) at(i).updatesPending = { from: 10 + i, to: 10 + i + 12 + (i % 4) * 5 };
  at(30).updatesPending = { from: 70, to: DEMO_DAYS };
  at(4).antivirusOff = { from: 20, to: 24 };
  at(17).antivirusOff = { from: 86, to: DEMO_DAYS };
  at(33).silentFrom = 76;
  return stories;
}

function weight(b: BundleFacts): number {
  return b.facts.os.platform === 'win32' ? 3 : b.facts.os.platform === 'darwin' ? 2 : 1;
}

/** One laptop's facts on `day`, collected at `at`: the bundle's facts moved to that date, with the story applied. */
export function laptopFacts(story: LaptopStory, bundle: Facts, day: number, at: Date): FactsInput {
  const f = shiftDates(bundle, at.getTime() - Date.parse(bundle.collectedAt)) as Facts;
  const platform = f.os.platform;
  const facts: Facts = { ...f, collectedAt: at.toISOString(), os: { ...f.os, hostname: story.hostname } };
  if (facts.apps.status === 'ok') {
    const extra = story.channels.map((id) => catalogueApp(id, id === 'teams' ? 'Microsoft Teams' : 'Zoom', platform));
    const app = story.app;
    if (app && day >= app.from && (app.to === undefined || day < app.to)) extra.push(catalogueApp(app.id, app.name, platform));
    // The recorded machines' own messaging apps are left out: in the demo only the stories' apps raise concerns.
    const base = facts.apps.apps.filter((a) => matchCatalogue([a]).length === 0);
    facts.apps = { ...facts.apps, apps: [...base, ...extra] };
  }
  const pending = story.updatesPending;
  if (pending && day >= pending.from && day < pending.to && facts.updates.status === 'ok') {
    const since = new Date(at.getTime() - (day - pending.from) * 86_400_000).toISOString();
    facts.updates = { ...facts.updates, pendingCount: 3, securityPendingCount: 2, oldestSecurityPendingSince: since };
  } else if (facts.updates.status === 'ok') {
    facts.updates = { ...facts.updates, pendingCount: 0, securityPendingCount: 0, oldestSecurityPendingSince: null, pending: [] };
  }
  const av = story.antivirusOff;
  if (av && day >= av.from && day < av.to && facts.antivirus.status === 'ok') {
    facts.antivirus = { ...facts.antivirus, products: facts.antivirus.products.map((p) => ({ ...p, realTime: false })) };
  }
  return facts;
}

export interface TabletStory {
  name: string;
  platform: 'ipados' | 'android';
  keeper: { name: string; email: string; role: string };
  /** Days the keeper answered the check-in. */
  checkins: number[];
  osVersion: string;
  passcode: boolean;
  apps: string[];
}

/** Six tablets checked by their keepers (no MDM): the quarterly check-in page's answers. */
export function tabletStories(): TabletStory[] {
  return Array.from({ length: DEMO_TABLETS }, (_, i) => ({
    name: `${i % 2 === 0 ? 'iPad' : 'Tab'}-RYT-${String(i + 1).padStart(2, '0')}`,
    platform: i % 2 === 0 ? ('ipados' as const) : ('android' as const),
    keeper: keeperFor(DEMO_LAPTOPS + i),
    checkins: i === 5 ? [3] : [5 + i, 60 + i],
    osVersion: i % 2 === 0 ? (i === 4 ? '16.7' : '18.1') : i === 3 ? '12' : '15',
    passcode: i !== 1,
    apps: i === 2 ? ['whatsapp'] : [],
  }));
}
