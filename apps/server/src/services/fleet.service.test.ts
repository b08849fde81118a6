import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyFleetSummary, type FleetSummary } from '@safefleet/protocol';
import { runCheckinJob } from '../scheduler/checkin.job.js';
import { buildFacts, buildNoncompliantFacts } from '../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../test-support/harness.js';

const HOUR = 3_600_000;

/** The summary recomputed from scratch, device by device (what the overview did before counts were kept). */
function recount(t: TestServer): FleetSummary {
  const rows = t.app.services.devices.list();
  const out = emptyFleetSummary();
  out.total = rows.length;
  for (const d of rows) {
    const kind = out.byKind[d.kind];
    kind.total++;
    out.byStatus[d.status]++;
    kind.byStatus[d.status]++;
    for (const f of d.findings) {
      out.byControl[f.control][f.status]++;
      kind.byControl[f.control][f.status]++;
    }
  }
  return out;
}

describe('fleet summary from counts kept at write time', () => {
  let t: TestServer;
  let now: Date;
  beforeEach(async () => {
    now = new Date('2026-11-21T09:00:00.000Z');
    t = await createTestServer({ now: () => now });
  });
  afterEach(() => t.close());

  it('equals a full recount through reports, silence, the check-in job, revoke and delete', async () => {
    const cookie = await adminCookie(t.app);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await enrolDevice(t.app, cookie, `laptop-${i}`)).deviceId);
    const check = () => expect(t.app.services.fleet.summary()).toEqual(recount(t));

    check(); // enrolled, never reported: not evaluated
    for (const [i, id] of ids.entries()) ingest(t.app, id, i % 3 === 0 ? buildNoncompliantFacts(now) : buildFacts({}, now));
    check();
    expect(t.app.services.fleet.summary().byStatus).toMatchObject({ compliant: 8, noncompliant: 4 });

    // A device fixes itself, another breaks.
    ingest(t.app, ids[0]!, buildFacts({}, now), 2);
    ingest(t.app, ids[1]!, buildNoncompliantFacts(now), 2);
    check();

    // Half the fleet falls silent: stale at read time before the job runs, and after.
    now = new Date(now.getTime() + 30 * HOUR);
    for (const id of ids.slice(0, 6)) ingest(t.app, id, buildFacts({}, now), 3);
    expect(t.app.services.fleet.summary().byStatus.stale).toBe(6);
    check();
    runCheckinJob(t.app.services, now);
    check();
    expect(t.database.sqlite.prepare("select count(*) as n from devices where status = 'stale'").get()).toEqual({ n: 6 });

    // A stale device comes back.
    ingest(t.app, ids[8]!, buildFacts({}, now), 4);
    check();

    // Kinds: devices become desktops and tablets (counts move with their findings), one reports again.
    const setKind = t.database.sqlite.prepare('update devices set kind = ? where id = ?');
    setKind.run('desktop', ids[9]);
    setKind.run('tablet', ids[10]);
    setKind.run('tablet', ids[0]); // stale at the moment
    check();
    ingest(t.app, ids[10]!, buildNoncompliantFacts(now), 5);
    check();
    expect(t.app.services.fleet.summary().byKind.tablet.total).toBe(2);
    expect(t.app.services.fleet.summary().byKind.desktop.total).toBe(1);
    expect(t.app.services.fleet.summary().byKind.laptop.total).toBe(9);

    // Revoked and deleted devices leave the counts.
    await t.app.inject({ method: 'DELETE', url: `/api/devices/${ids[2]}`, headers: { cookie } });
    check();
    t.database.sqlite.prepare('delete from devices where id = ?').run(ids[3]);
    t.database.sqlite.prepare('delete from devices where id = ?').run(ids[2]); // already revoked
    check();
    expect(t.app.services.fleet.summary().total).toBe(10);
  });
});
