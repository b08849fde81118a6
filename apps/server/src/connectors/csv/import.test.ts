import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/harness.js';
import { runCli } from '../../test-support/run-cli.js';
import { parseCsv } from './csv-parse.js';
import { planCsvImport } from './import.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10);

/** 3 good rows, 1 bad date (line 4), 1 duplicate serial (line 6). */
const FILE = [
  'serial,name,kind,platform,osVersion,securityPatch,encrypted,passcode,apps,keeperEmail,lastSync',
  `R9AW0001,Events tablet 1,tablet,android,16,${ago(200)},true,true,com.whatsapp;org.mozilla.firefox,sam@charity.org,${ago(1)}`,
  `DMPX0002,"Youth iPad, room 2",tablet,ipados,26.1,,,yes,,jo@charity.org,${ago(2)}T09:30:00Z`,
  `R9AW0003,Events tablet 3,tablet,android,16,31/11/2026,true,true,,,${ago(1)}`,
  `R9AW0004,Staff phone,phone,android,15,${ago(20)},true,true,,,${ago(1)}`,
  `R9AW0001,Events tablet 1 again,tablet,android,16,${ago(20)},true,true,,,${ago(1)}`,
].join('\r\n');

describe('CSV parsing', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, keeping physical line numbers', () => {
    const rows = parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n\nlast,row\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"\nthere'] },
      { line: 5, cells: ['last', 'row'] },
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(/line 2: a quoted field is not closed/);
  });

  it('validates the whole file: good rows planned, the bad date and the duplicate serial reported by line', () => {
    const plan = planCsvImport(FILE);
    expect(plan.set?.id).toBe('safefleet');
    expect(plan.good.map((g) => g.line)).toEqual([2, 3, 5]);
    expect(plan.errors).toEqual([
      { line: 4, message: "securityPatch '31/11/2026' is not an ISO 8601 date (e.g. 2026-11-30 or 2026-11-30T10:00:00Z)" },
      { line: 6, message: 'serial R9AW0001 is already on line 2' },
    ]);
    const first = plan.good[0]!.record;
    expect(first.apps).toEqual([
      { id: 'com.whatsapp', name: 'WhatsApp' },
      { id: 'org.mozilla.firefox', name: 'org.mozilla.firefox' },
    ]);
  });

  it('recognises an Intune export and a Jamf export by their headers', () => {
    const intune = planCsvImport(
      'Device name,Serial number,OS,OS version,Security patch level,Encrypted,Jailbroken,Primary user UPN,Last check-in,Model\n' +
        'TAB-01,R52T1,Android,14,2026-10-01,True,False,sam@charity.org,2026-12-01 08:00:00,SM-X210\n',
    );
    expect(intune.set?.id).toBe('intune');
    expect(intune.good[0]!.record).toMatchObject({
      platform: 'android',
      kind: 'tablet',
      encrypted: true,
      compromised: false,
      keeperEmail: 'sam@charity.org',
      lastSync: '2026-12-01T08:00:00.000Z',
    });
    const jamf = planCsvImport(
      'Mobile Device Name,Serial Number,iOS Version,Model,Passcode Status,Data Protection,Email Address\niPad 4,DMPQ9,18.7.2,iPad (10th generation),Present,Enabled,jo@charity.org\n',
    );
    expect(jamf.set?.id).toBe('jamf');
    expect(jamf.good[0]!.record).toMatchObject({ platform: 'ipados', passcode: true, encrypted: true, osVersion: '18.7.2' });
    expect(planCsvImport('foo,bar\n1,2\n').errors[0]!.message).toMatch(/does not match a known column set/);
  });
});

describe('CSV import into the console (real SQLite)', { timeout: 60_000 }, () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
  });
  afterEach(async () => server.close());

  it('imports the good rows with findings, reports the other two by line, and a failure mid-import stores nothing', () => {
    const tablets = server.app.services.tablets;
    // Nothing half-imported: the second record throws inside the one transaction → no device at all.
    const original = tablets.ingest.ingestIn.bind(tablets.ingest);
    let calls = 0;
    tablets.ingest.ingestIn = (...args) => {
      if (++calls === 2) throw new Error('disk full');
      return original(...args);
    };
    expect(() => tablets.csv.importCsv(FILE, 'test')).toThrow('disk full');
    expect(server.app.services.devices.list()).toEqual([]);
    tablets.ingest.ingestIn = original;

    const result = tablets.csv.importCsv(FILE, 'test');
    expect(result.imported.map((r) => [r.line, r.action])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [5, 'created'],
    ]);
    expect(result.errors.map((e) => e.line)).toEqual([4, 6]);
    const devices = server.app.services.devices.list();
    expect(devices.map((d) => d.hostname).sort()).toEqual(['Events tablet 1', 'Staff phone', 'Youth iPad, room 2']);
    const tab = devices.find((d) => d.serial === 'R9AW0001')!;
    expect(tab).toMatchObject({
      kind: 'tablet',
      source: { type: 'mdm', provider: 'csv' },
      assurance: 'Imported from a CSV file',
      status: 'noncompliant',
    });
    const by = Object.fromEntries(tab.findings.map((f) => [f.control, f]));
    expect(by['os-updates']).toMatchObject({ status: 'fail' });
    expect(by['os-updates']!.reason).toContain('200 days old');
    expect(by['social-apps']!.reason).toContain('WhatsApp');

    // Importing again matches on serial: updated, not duplicated.
    const again = tablets.csv.importCsv(FILE, 'test');
    expect(again.imported.map((r) => r.action)).toEqual(['updated', 'updated', 'updated']);
    expect(server.app.services.devices.list()).toHaveLength(3);
  });
});

describe('safefleet-server devices import --csv (real process)', { timeout: 60_000 }, () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => server.close());

  it('prints each row by line and exits 1 when some rows were not imported', async () => {
    const file = join(server.dir, 'tablets.csv');
    writeFileSync(file, FILE);
    const out = await runCli(['devices', 'import', '--csv', file, '--data', server.dir]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('line 2: created Events tablet 1 (serial R9AW0001)');
    expect(out.stdout).toContain("line 4: not imported: securityPatch '31/11/2026' is not an ISO 8601 date");
    expect(out.stdout).toContain('line 6: not imported: serial R9AW0001 is already on line 2');
    expect(server.app.services.devices.list()).toHaveLength(3);
  });
});
