import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntry } from '@safefleet/protocol';
import { AUDIT_CSV_HEADER } from '../../services/audit-export.service.js';
import { addUser, adminCookie, createTestServer, login, type TestServer } from '../../test-support/harness.js';

/** RFC 4180 reader for the test: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe('GET /api/audit/export.csv and .json', () => {
  let t: TestServer;
  let admin: string;
  beforeEach(async () => {
    t = await createTestServer();
    admin = await adminCookie(t.app);
  });
  afterEach(() => t.close());

  it('streams every matching entry as CSV (more than a page, no cap), escaped, and audits the export', async () => {
    const insert = t.database.sqlite.prepare(
      'insert into audit_log (organisation_id, at, actor, action, target, detail_json) values (1, ?, ?, ?, ?, ?)',
    );
    const many = 2_345;
    t.database.sqlite.transaction(() => {
      for (let i = 0; i < many; i++) insert.run(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), 'system', 'test.bulk', `device-${i}`, null);
    })();
    t.app.services.audit.record('user:o’brien@example.org', 'device.keeper-updated', '=HYPERLINK("x")', {
      to: { name: 'Ann "Nan" Smith, Jr.', note: 'two\nlines' },
    });

    const res = await t.app.inject({ url: '/api/audit/export.csv', headers: { cookie: admin } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="safefleet-activity-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(res.body.slice(1));
    expect(rows[0]).toEqual(AUDIT_CSV_HEADER);
    const data = rows.slice(1);
    const stored = t.database.sqlite
      .prepare('select id, at, actor, action, target from audit_log where organisation_id = 1 order by id')
      .all() as Array<Record<string, unknown>>;
    // Every row stored (the export's own row included: it is written first), oldest first.
    expect(data).toHaveLength(stored.length);
    expect(data.map((r) => Number(r[0]))).toEqual(stored.map((s) => s.id));
    expect(data.filter((r) => r[3] === 'test.bulk')).toHaveLength(many);
    const bulk = data.find((r) => r[4] === 'device-7');
    expect(bulk?.slice(1, 5)).toEqual(['2026-01-01T00:00:07.000Z', 'system', 'test.bulk', 'device-7']);
    // Quotes, commas and line breaks survive; a formula-looking cell is defused with a leading '.
    const tricky = data.find((r) => r[3] === 'device.keeper-updated');
    expect(tricky?.[2]).toBe('user:o’brien@example.org');
    expect(tricky?.[4]).toBe('\'=HYPERLINK("x")');
    expect(JSON.parse(tricky?.[5] ?? '')).toEqual({ to: { name: 'Ann "Nan" Smith, Jr.', note: 'two\nlines' } });
    const exported = data.filter((r) => r[3] === 'audit.exported');
    expect(exported).toHaveLength(1);
    expect(exported[0]?.[2]).toBe('user:it-lead@example.org');
    expect(JSON.parse(exported[0]?.[5] ?? '')).toEqual({ format: 'csv', filter: {} });
  });

  it('applies the filters to CSV and JSON alike; the JSON is an array of AuditEntry', async () => {
    for (let i = 0; i < 5; i++) t.app.services.audit.record('system', i % 2 ? 'test.odd' : 'test.even', `t-${i}`);
    const csv = await t.app.inject({ url: '/api/audit/export.csv?action=test.even', headers: { cookie: admin } });
    const csvRows = parseCsv(csv.body.slice(1)).slice(1);
    expect(csvRows.map((r) => r[4])).toEqual(['t-0', 't-2', 't-4']);

    const json = await t.app.inject({ url: '/api/audit/export.json?action=test.odd', headers: { cookie: admin } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/\.json"$/);
    const entries = AuditEntry.array().parse(json.json());
    expect(entries.map((e) => e.target)).toEqual(['t-1', 't-3']);

    const byTarget = AuditEntry.array().parse((await t.app.inject({ url: '/api/audit/export.json?target=t-3', headers: { cookie: admin } })).json());
    expect(byTarget.map((e) => e.action)).toEqual(['test.odd']);
    const future = AuditEntry.array().parse(
      (await t.app.inject({ url: '/api/audit/export.json?from=2099-01-01T00:00:00Z', headers: { cookie: admin } })).json(),
    );
    expect(future).toEqual([]);
    const exports = t.app.services.audit.list({ limit: 10, target: undefined }).filter((e) => e.action === 'audit.exported');
    expect(exports.map((e) => e.detail)).toEqual([
      { format: 'json', filter: { from: '2099-01-01T00:00:00.000Z' } },
      { format: 'json', filter: { target: 't-3' } },
      { format: 'json', filter: { action: 'test.odd' } },
      { format: 'csv', filter: { action: 'test.even' } },
    ]);
    expect((await t.app.inject({ url: '/api/audit/export.json?from=yesterday', headers: { cookie: admin } })).statusCode).toBe(400);
  });

  it('is for the IT lead only: the DSL and a viewer get 403 and nothing is audited as exported', async () => {
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
    for (const email of ['dsl@example.org', 'viewer@example.org']) {
      const cookie = await login(t.app, email);
      for (const ext of ['csv', 'json']) {
        const res = await t.app.inject({ url: `/api/audit/export.${ext}`, headers: { cookie } });
        expect(res.statusCode, `${email} ${ext}`).toBe(403);
      }
    }
    expect((await t.app.inject({ url: '/api/audit/export.csv' })).statusCode).toBe(401);
    expect(t.database.sqlite.prepare("select count(*) as n from audit_log where action = 'audit.exported'").get()).toEqual({ n: 0 });
  });
});
