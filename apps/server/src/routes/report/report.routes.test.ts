// Issue 12: the trustees' report over HTTP. Acceptance 4 (the quarterly PDF is made on the server,
// renders with pdftoppm, holds the organisation, period and concern figures) and the report/export
// part of acceptance 3 (a viewer's report names no app and no keeper).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrusteesReport } from '@safefleet/protocol';
import { buildFacts } from '../../test-support/facts.js';
import { addUser, adminCookie, createTestServer, enrolDevice, ingest, login, type TestServer } from '../../test-support/harness.js';

const whatsapp = { status: 'ok' as const, apps: [{ name: 'WhatsApp', id: 'io.github.mimbrero.WhatsAppDesktop', source: 'flatpak' as const }] };

describe('/api/report and /api/report/pdf', () => {
  let t: TestServer;
  let admin: string;
  let viewer: string;
  let dir: string;

  beforeAll(async () => {
    t = await createTestServer();
    dir = mkdtempSync(join(tmpdir(), 'safefleet-report-route-'));
    admin = await adminCookie(t.app);
    await addUser(t.app, 'viewer@example.org', 'viewer');
    await addUser(t.app, 'dsl@example.org', 'dsl');
    viewer = await login(t.app, 'viewer@example.org');
    const { deviceId } = await enrolDevice(t.app, admin, 'yw-laptop-01');
    await t.app.inject({
      method: 'PATCH',
      url: `/api/devices/${deviceId}`,
      headers: { cookie: admin },
      payload: { keeper: { name: 'Sam Patel', email: 'sam@example.org', role: 'Youth worker' } },
    });
    ingest(t.app, deviceId, buildFacts({ apps: whatsapp }));
    const dsl = await login(t.app, 'dsl@example.org');
    const [c] = (await t.app.inject({ url: '/api/concerns?status=to-triage', headers: { cookie: dsl } })).json<Array<{ id: number }>>();
    const expiresAt = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const triaged = await t.app.inject({
      method: 'POST',
      url: '/api/concerns/triage',
      headers: { cookie: dsl },
      payload: {
        ids: [c!.id],
        outcome: 'allowed',
        riskAssessment: 'Sam runs the WhatsApp group for parents; messages are reviewed monthly.',
        expiresAt,
      },
    });
    expect(triaged.statusCode).toBe(200);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: { cookie: admin },
      payload: { name: 'Riverside Young Carers', trusteesEmail: 'trustees@example.org' },
    });
    expect(put.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PUT', url: '/api/organisation', headers: { cookie: viewer }, payload: { name: 'x' } })).statusCode).toBe(
      403,
    );
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the admin report counts the triage and lists the exception with its risk assessment', async () => {
    const res = await t.app.inject({ url: '/api/report?preparer=Jo%20Bloggs', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const r = TrusteesReport.parse(res.json());
    expect(r.preparedBy).toBe('Jo Bloggs');
    expect(r.organisation.name).toBe('Riverside Young Carers');
    expect(r.concerns.triaged).toEqual({ concern: 0, allowed: 1, notConcern: 0 });
    expect(r.exceptionsInForce).toBe(1);
    expect(r.exceptions![0]).toMatchObject({ apps: ['WhatsApp'], scope: 'Keeper role “Youth worker”' });
    expect(r.exceptions![0]!.riskAssessment).toContain('parents');
    expect((await t.app.inject({ url: '/api/report?quarter=2026-Q5', headers: { cookie: admin } })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/report?from=2026-02-01&to=2026-01-01', headers: { cookie: admin } })).statusCode).toBe(400);
  });

  it('a viewer’s report (JSON and PDF) holds counts but no app name, keeper name or risk assessment', async () => {
    const res = await t.app.inject({ url: '/api/report', headers: { cookie: viewer } });
    expect(res.statusCode).toBe(200);
    const r = TrusteesReport.parse(res.json());
    expect(r.exceptions).toBeUndefined();
    expect(r.exceptionsInForce).toBe(1);
    for (const secret of ['WhatsApp', 'Sam Patel', 'sam@example.org', 'parents', 'Youth worker']) expect(res.body, secret).not.toContain(secret);
    const pdf = await t.app.inject({ url: '/api/report/pdf', headers: { cookie: viewer } });
    expect(pdf.statusCode).toBe(200);
    const file = join(dir, 'viewer.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    for (const secret of ['WhatsApp', 'Sam Patel', 'parents']) expect(text, secret).not.toContain(secret);
  });

  it('the quarterly PDF is made on the server, renders with pdftoppm and holds organisation, period and concern figures', async () => {
    const res = await t.app.inject({ url: '/api/report/pdf', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="safefleet-report-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const file = join(dir, 'report.pdf');
    writeFileSync(file, res.rawPayload);
    execFileSync('pdftoppm', ['-png', '-r', '30', file, join(dir, 'page')]);
    expect(readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).length).toBeGreaterThanOrEqual(1);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    const period = TrusteesReport.parse((await t.app.inject({ url: '/api/report', headers: { cookie: admin } })).json()).period.label;
    expect(text).toContain('Riverside Young Carers');
    expect(text).toContain(period);
    expect(text).toMatch(/Triaged: allowed for the keeper’s role\s+1/);
    expect(text).toMatch(/Raised automatically for the DSL to triage\s+1/);
    expect(text).toContain('Sam runs the WhatsApp group');
  });
});
