// Delta reports (issue 10): the agent leaves out fact groups whose hash is unchanged; the console
// rebuilds them from its latest copy and evaluates the full facts, or asks for a full resend.
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EnrollResponse, FACT_GROUPS, Facts, type FactsInput, factHashes, PROTOCOL_VERSION } from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { buildFacts, buildNoncompliantFacts } from '../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, type TestServer } from '../test-support/harness.js';

const hello = { type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.1', hostname: 'yw-laptop-01', platform: 'linux' };
const sha = (text: string) => createHash('sha256').update(text).digest('base64');

/** A delta of `facts` against `base`: only the groups whose hash differs are sent. */
function delta(facts: FactsInput, base: FactsInput | null, seq: number, reportId: string = randomUUID()) {
  const parsed = Facts.parse(facts);
  const hashes = factHashes(parsed, sha);
  const baseHashes = base ? factHashes(Facts.parse(base), sha) : null;
  const partial: Record<string, unknown> = { collectedAt: parsed.collectedAt, agentVersion: parsed.agentVersion };
  for (const g of FACT_GROUPS) if (!baseHashes || baseHashes[g] !== hashes[g]) partial[g] = parsed[g];
  return { type: 'report-delta', reportId, seq, hashes, facts: partial };
}

describe('delta reports', () => {
  let t: TestServer;
  let cookie: string;
  const agents: TestAgent[] = [];

  beforeEach(async () => {
    t = await createTestServer({ listen: true });
    cookie = await adminCookie(t.app);
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) a.ws.terminate();
    await t.close();
  });

  const agentFor = async (device: EnrollResponse) => {
    const a = await TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`);
    agents.push(a);
    a.send(hello);
    expect((await a.next('hello')).deltaReports).toBe(true);
    return a;
  };
  const findingsOf = (deviceId: string) =>
    (
      t.database.sqlite.prepare('select control, status, reason from findings where device_id = ? order by control').all(deviceId) as {
        control: string;
        status: string;
        reason: string;
      }[]
    ).map((f) => ({ ...f, reason: f.reason.replace(/\d+ (second|minute)s?/g, 'N') }));
  const storedFacts = (reportId: string) =>
    Facts.parse(JSON.parse((t.database.sqlite.prepare('select facts_json as f from reports where report_id = ?').get(reportId) as { f: string }).f));

  it('evaluates a delta report exactly as the same facts sent in full (an old agent)', async () => {
    const now = new Date();
    const first = buildFacts({}, now);
    // The second collection changed two groups: Signal installed, disk no longer encrypted.
    const second = { ...buildNoncompliantFacts(now), collectedAt: new Date(now.getTime() + 60_000).toISOString() };

    const a = await agentFor(await enrolDevice(t.app, cookie, 'delta-laptop'));
    const full = { type: 'report', reportId: randomUUID(), seq: 1, facts: first };
    a.send(full);
    expect(await a.next('ack')).toEqual({ type: 'ack', reportId: full.reportId, seq: 1 });
    const d = delta(second, first, 2);
    expect(Object.keys(d.facts).sort()).toEqual(['agentVersion', 'apps', 'collectedAt', 'encryption']);
    a.send(d);
    expect(await a.next('ack')).toEqual({ type: 'ack', reportId: d.reportId, seq: 2 });

    // An old agent (full reports, no hashes) sends the same second collection.
    const oldDevice = await enrolDevice(t.app, cookie, 'old-laptop');
    const b = await TestAgent.connect(t.url, `${oldDevice.deviceId}.${oldDevice.deviceSecret}`);
    agents.push(b);
    b.send(hello);
    await b.next('hello');
    const oldReport = { type: 'report', reportId: randomUUID(), seq: 1, facts: second };
    b.send(oldReport);
    expect(await b.next('ack')).toEqual({ type: 'ack', reportId: oldReport.reportId, seq: 1 });

    const rebuilt = storedFacts(d.reportId);
    expect(rebuilt).toEqual(storedFacts(oldReport.reportId));
    expect(rebuilt).toEqual(Facts.parse(second));
    const deltaDeviceId = (t.database.sqlite.prepare('select device_id as id from reports where report_id = ?').get(d.reportId) as { id: string }).id;
    const deltaFindings = findingsOf(deltaDeviceId);
    expect(deltaFindings.length).toBeGreaterThan(5);
    expect(deltaFindings.filter((f) => f.status === 'fail').map((f) => f.control)).toEqual(
      expect.arrayContaining(['disk-encryption', 'social-apps']),
    );
    expect(deltaFindings).toEqual(findingsOf(oldDevice.deviceId));
    // Nothing changed: the delta carries no fact group at all, and the findings stay as they were.
    const same = delta({ ...second, collectedAt: new Date(now.getTime() + 120_000).toISOString() }, second, 3);
    expect(Object.keys(same.facts).sort()).toEqual(['agentVersion', 'collectedAt']);
    a.send(same);
    expect((await a.next('ack')).reportId).toBe(same.reportId);
    expect(findingsOf(deltaDeviceId)).toEqual(deltaFindings);
  });

  it('asks for a full resend when it has no copy or a hash differs, and keeps the order until the full report arrives', async () => {
    const device = await enrolDevice(t.app, cookie, 'resend-laptop');
    const a = await agentFor(device);
    const now = new Date();
    const first = buildFacts({}, now);
    const reports = () => (t.database.sqlite.prepare('select count(*) as n from reports').get() as { n: number }).n;

    // No earlier facts on the console (a new or erased device): the delta cannot be rebuilt.
    const noCopy = delta(first, first, 1);
    a.send(noCopy);
    expect(await a.next('resend-full')).toMatchObject({ reportId: noCopy.reportId, reason: expect.stringMatching(/no earlier facts/) });
    // A later delta on the same connection is refused too, until the full report comes.
    const next = delta(first, first, 2);
    a.send(next);
    expect((await a.next('resend-full')).reportId).toBe(next.reportId);
    expect(reports()).toBe(0);
    a.send({ type: 'report', reportId: noCopy.reportId, seq: 1, facts: first });
    expect((await a.next('ack')).reportId).toBe(noCopy.reportId);
    a.send(delta(first, first, 2, next.reportId));
    expect((await a.next('ack')).reportId).toBe(next.reportId);

    // The agent believes the console holds other apps than it does: the omitted group's hash differs.
    const believed = buildNoncompliantFacts(now);
    const wrong = delta(believed, believed, 3);
    a.send(wrong);
    expect(await a.next('resend-full')).toMatchObject({ reportId: wrong.reportId, reason: "the console's copy of the apps facts differs" });
    // A sent group that does not match its own hash is refused the same way.
    const forged = delta(believed, first, 4);
    forged.hashes.apps = forged.hashes.os;
    a.send({ type: 'report', reportId: wrong.reportId, seq: 3, facts: believed });
    expect((await a.next('ack')).reportId).toBe(wrong.reportId);
    a.send(forged);
    expect(await a.next('resend-full')).toMatchObject({ reportId: forged.reportId, reason: 'the apps facts do not match their hash' });
    expect(reports()).toBe(3);
  });
});
