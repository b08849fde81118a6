/**
 * `safefleet-server demo`: fills an empty data folder with a living console — 40 devices and tablets
 * of a made-up charity over the last 90 days — through the same services a real console uses
 * (enrolment, ingest → policy → findings → alerts → concerns, keeper check-ins, triage), with the
 * services' clock moved day by day so history, snapshots and alerts carry real dates.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMON_WORK_CHANNELS, ConcernListQuery, Report } from '@safefleet/protocol';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../app.js';
import type { ServerConfig } from '../config.js';
import { databaseFile } from '../config.js';
import { openDatabase } from '../db/client.js';
import type { Services } from '../services/index.js';
import { DEMO_DAYS, type LaptopStory, laptopFacts, laptopStories, loadBundleFacts, tabletStories } from './demo-fleet.js';

const DAY = 86_400_000;
/** The agent's replay bundles in this repository (src/demo and dist/demo sit at the same depth). */
export const DEMO_BUNDLES_DIR = fileURLToPath(new URL('../../../agent/test-bundles', import.meta.url));
/** The marker that says a data folder holds the demo (and nothing else): `demo` refuses any other folder. */
export const DEMO_MARKER = 'safefleet-demo.json';
export const DEMO_ORGANISATION = 'Riverside Youth Trust (demo)';
export const DEMO_USERS = {
  admin: 'it-lead@riverside-youth.example',
  dsl: 'dsl@riverside-youth.example',
  viewer: 'trustee@riverside-youth.example',
} as const;
/** Demo only: printed at every start, so anyone can sign in to the made-up console. */
export const DEMO_PASSWORD = 'riverside-demo-console';

export interface DemoSeedResult {
  devices: number;
  from: string;
  to: string;
  concerns: number;
}

/** Whether `dataDir` already holds a seeded demo; throws when it holds anything else (a real console). */
export function demoState(dataDir: string): 'empty' | 'seeded' {
  if (existsSync(join(dataDir, DEMO_MARKER))) return 'seeded';
  if (existsSync(databaseFile(dataDir))) {
    throw new Error(`${dataDir} holds a console that is not the demo: the demo uses its own folder (--data DIR, default ./data-demo)`);
  }
  return 'empty';
}

/** Seeds the demo into `config.dataDir` (which must be empty of any console). `now`: the demo's last day. */
export async function seedDemo(config: ServerConfig, bundlesDir: string, now: Date = new Date()): Promise<DemoSeedResult> {
  if (demoState(config.dataDir) === 'seeded') throw new Error(`${config.dataDir} already holds the demo`);
  const bundles = loadBundleFacts(bundlesDir);
  const byName = new Map(bundles.map((b) => [b.name, b.facts]));
  const database = openDatabase(databaseFile(config.dataDir));
  // Seeding writes thousands of reports in a few seconds; one sync at the end is enough for a demo.
  database.sqlite.pragma('synchronous = OFF');
  let clock = new Date(now.getTime() - DEMO_DAYS * DAY);
  const app = await buildApp({ db: database, config, now: () => clock, scheduler: false });
  const s = app.services;
  // Day DEMO_DAYS ends at `now`: each day's events fall in the 7 hours before the same time of day,
  // `minutes` counted from 7 hours before it (at most 420), so the last reports are minutes old.
  const at = (day: number, minutes: number) => {
    clock = new Date(now.getTime() - (DEMO_DAYS - day) * DAY - 7 * 3_600_000 + Math.min(minutes, 420) * 60_000);
    return clock;
  };
  try {
    at(0, 0);
    s.alerts.start();
    await setUp(s);
    const laptops = laptopStories(bundles);
    const token = s.enrolment.createToken({ uses: laptops.length, expiresInHours: 24, url: 'http://127.0.0.1:8080' }, DEMO_USERS.admin);
    const secret = JSON.parse(Buffer.from(token.enrolmentString.slice('SFE1.'.length), 'base64url').toString('utf8')) as { token: string };
    const ids = new Map<string, string>();
    for (const story of laptops) {
      const facts = byName.get(story.bundle);
      if (!facts) throw new Error(`no bundle ${story.bundle}`);
      const { deviceId } = s.enrolment.enroll({ token: secret.token, hostname: story.hostname, platform: facts.os.platform, agentVersion: '0.1.0' });
      s.devices.updateKeeper(deviceId, story.keeper, DEMO_USERS.admin);
      ids.set(story.hostname, deviceId);
    }
    const tablets = tabletStories();
    const links = new Map<string, string>();
    for (const t of tablets) {
      const link = await s.tablets.checkins.createTablet(
        { name: t.name, platform: t.platform, kind: 'tablet', keeperName: t.keeper.name, keeperEmail: t.keeper.email, keeperRole: t.keeper.role },
        DEMO_USERS.admin,
        'http://127.0.0.1:8080',
      );
      links.set(t.name, link.url.split('/checkin/')[1] ?? '');
    }

    let seq = 0;
    for (let day = 0; day <= DEMO_DAYS; day++) {
      for (const [i, story] of laptops.entries()) {
        if (story.silentFrom !== undefined && day >= story.silentFrom) continue;
        const collected = at(day, 5 + i * 6);
        const facts = laptopFacts(story, byName.get(story.bundle)!, day, collected);
        seq++;
        s.ingest.report(ids.get(story.hostname)!, Report.parse({ type: 'report', reportId: randomUUID(), seq, facts }));
      }
      for (const t of tablets) {
        if (!t.checkins.includes(day)) continue;
        at(day, 280);
        s.tablets.checkins.submit(links.get(t.name)!, {
          platform: t.platform,
          osVersion: t.osVersion,
          passcode: t.passcode,
          screenLock: true,
          passcodeChanged: false,
          apps: t.apps,
        });
      }
      triageOn(s, day, laptops, ids, (minutes) => at(day, minutes));
      // The nightly jobs: silent devices go stale, quiet days get a carried-forward snapshot.
      at(day, 410);
      s.checkin.run(clock);
      s.exceptions.expire(clock);
    }
    at(DEMO_DAYS, 415);
    await s.alerts.stop();
    const result: DemoSeedResult = {
      devices: laptops.length + tablets.length,
      from: new Date(now.getTime() - DEMO_DAYS * DAY).toISOString().slice(0, 10),
      to: now.toISOString().slice(0, 10),
      concerns: s.concerns.list(ConcernListQuery.parse({})).length,
    };
    database.sqlite.pragma('synchronous = FULL');
    database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    writeFileSync(join(config.dataDir, DEMO_MARKER), `${JSON.stringify({ seededAt: now.toISOString(), ...result }, null, 2)}\n`, { mode: 0o600 });
    return result;
  } finally {
    await app.close();
    database.close();
  }
}

/** The organisation, its people and its policy, as an IT lead would set them up on day one. */
async function setUp(s: Services): Promise<void> {
  await s.users.create({ email: DEMO_USERS.admin, role: 'admin', password: DEMO_PASSWORD }, 'demo');
  await s.users.create({ email: DEMO_USERS.dsl, role: 'dsl', password: DEMO_PASSWORD }, DEMO_USERS.admin);
  await s.users.create({ email: DEMO_USERS.viewer, role: 'viewer', password: DEMO_PASSWORD }, DEMO_USERS.admin);
  s.organisation.update({ name: DEMO_ORGANISATION, timeZone: 'Europe/London', trusteesEmail: 'trustees@riverside-youth.example' }, DEMO_USERS.admin);
  const policy = s.policy.current();
  s.policy.update(
    { ...policy, approvedChannels: { chosen: true, appIds: COMMON_WORK_CHANNELS.filter((c) => c === 'teams' || c === 'zoom') } },
    DEMO_USERS.admin,
  );
  s.keeperRoles.create({ name: 'Youth worker', description: 'Works directly with young people', allowedAppIds: [] }, DEMO_USERS.admin);
  s.keeperRoles.create({ name: 'Project coordinator', description: 'Runs the parents’ and carers’ groups', allowedAppIds: [] }, DEMO_USERS.admin);
}

/** The DSL's decisions on the concerns the stories open (see laptopStories), a day or two after each. */
function triageOn(s: Services, day: number, laptops: LaptopStory[], ids: Map<string, string>, at: (minutes: number) => Date): void {
  const concernOf = (index: number) => {
    const deviceId = ids.get(laptops[index]!.hostname);
    return s.concerns.list(ConcernListQuery.parse({})).find((c) => c.deviceId === deviceId && c.status === 'to-triage');
  };
  const dsl = DEMO_USERS.dsl;
  if (day === 32) {
    const c = concernOf(9);
    at(300);
    if (c)
      s.concerns.triage(
        {
          ids: [c.id],
          outcome: 'allowed',
          riskAssessment: 'Runs the parents’ WhatsApp group from the work laptop; messages are kept for 30 days and reviewed monthly by the DSL.',
          expiresAt: new Date(at(300).getTime() + 180 * DAY).toISOString(),
        },
        dsl,
      );
  }
  if (day === 49) {
    const c = concernOf(14);
    at(290);
    if (c) {
      s.concerns.triage({ ids: [c.id], outcome: 'concern', riskLevel: 'medium' }, dsl);
      at(330);
      s.concerns.assess(c.id, { assessment: 'Discord was used to talk to young people outside agreed channels. Spoke with the youth worker.' }, dsl);
      at(340);
      s.concerns.action(
        c.id,
        {
          actionsTaken: 'Discord removed; the youth worker re-read the communication policy.',
          referral: { made: false, to: null, reference: null, at: null },
        },
        dsl,
      );
    }
  }
  if (day === 60) {
    const deviceId = ids.get(laptops[14]!.hostname);
    const c = s.concerns.list(ConcernListQuery.parse({})).find((x) => x.deviceId === deviceId && x.status !== 'closed');
    at(300);
    if (c) s.concerns.close(c.id, { note: 'Discord no longer installed; supervision notes updated.' }, dsl);
  }
  if (day === 67) {
    const c = concernOf(21);
    at(300);
    if (c)
      s.concerns.triage(
        { ids: [c.id], outcome: 'not-concern', reason: 'Signal is the encrypted line the safeguarding team uses with the local authority.' },
        dsl,
      );
  }
  if (day === 40) {
    at(330);
    s.concerns.create({ summary: 'A young person said a volunteer added them on social media from a personal phone.' }, dsl);
  }
}

/** The marker's figures, for the banner the demo prints at each start. */
export function readDemoMarker(dataDir: string): DemoSeedResult | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, DEMO_MARKER), 'utf8')) as DemoSeedResult;
  } catch {
    return null;
  }
}
