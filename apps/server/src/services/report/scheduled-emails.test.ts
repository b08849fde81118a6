// Issue 12: the trustees' quarterly report by email (PDF attached, real SMTP server, pdftotext) and
// the security review reminder — each sent once, even when the job runs again or the console restarts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { resolveConfig } from '../../config.js';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { addUser, adminCookie, type TestServer } from '../../test-support/harness.js';
import { MailCatcher } from '../../test-support/mail-catcher.js';
import { remindSecurityReview, sendTrusteesReport } from './scheduled-emails.js';

/** The base64 body of the message's application/pdf part, decoded. */
function pdfAttachment(raw: string): { filename: string; bytes: Buffer } | null {
  const m = /Content-Type: application\/pdf;[\s\S]*?filename="?([^"\r\n;]+)"?[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
  return m ? { filename: m[1] ?? '', bytes: Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64') } : null;
}

describe('scheduled emails: trustees’ quarterly report and security review reminder (real SMTP)', () => {
  const smtp = new MailCatcher();
  let t: TestServer;
  let clock = new Date('2026-09-30T22:30:00Z');
  let dir: string;
  const audit = (action: string) =>
    t.database.sqlite.prepare('select count(*) n from audit_log where action = ?').get(action) as {
      n: number;
    };

  beforeAll(async () => {
    await smtp.start();
    dir = mkdtempSync(join(tmpdir(), 'safefleet-scheduled-'));
    t = await createAlertsTestServer({
      now: () => clock,
      alerts: { env: { smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: null } } },
    });
    const admin = await adminCookie(t.app);
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: { cookie: admin },
      payload: { name: 'Riverside Young Carers', trusteesEmail: 'trustees@example.org', timeZone: 'Europe/London' },
    });
    expect(put.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after the quarter ends in the organisation’s time zone, the PDF goes to the trustees once', async () => {
    // 23:30 on 30 September in London: the quarter has not ended there yet.
    expect((await sendTrusteesReport(t.app.services)).queued).toBe(0);
    // 00:30 on 1 October in London (still 30 September in UTC): Q3 has ended.
    clock = new Date('2026-09-30T23:30:00Z');
    expect(await sendTrusteesReport(t.app.services)).toMatchObject({ queued: 1 });
    const mails = await smtp.waitFor(1);
    const mail = mails.find((m) => m.to.includes('trustees@example.org'));
    expect(mail?.subject).toBe('Riverside Young Carers: device safety report for Q3 2026 (1 July 2026 to 30 September 2026)');
    expect(mail?.text).toContain('is attached (PDF)');
    expect(mail?.html).toContain('Riverside Young Carers');
    const pdf = pdfAttachment(mail?.raw ?? '');
    expect(pdf?.filename).toBe('safefleet-report-2026-07-01-to-2026-09-30.pdf');
    const file = join(dir, 'trustees.pdf');
    writeFileSync(file, pdf?.bytes ?? Buffer.alloc(0));
    execFileSync('pdftoppm', ['-png', '-r', '20', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('Riverside Young Carers');
    expect(text).toContain('1 July 2026');
    expect(text).toMatch(/concern/i);

    // Again an hour later, and after a restart (a new app on the same database): nothing more.
    clock = new Date('2026-10-01T00:30:00Z');
    expect((await sendTrusteesReport(t.app.services)).queued).toBe(0);
    const config = resolveConfig({ dataDir: t.dir, port: 0 });
    const restarted = await buildApp({ db: t.database, config, now: () => clock });
    try {
      expect((await sendTrusteesReport(restarted.services)).queued).toBe(0);
    } finally {
      await restarted.close();
    }
    expect(audit('report.trustees-emailed').n).toBe(1);
    // Mid-quarter nothing is sent; the next quarter's start sends the next report.
    clock = new Date('2026-11-15T10:00:00Z');
    expect((await sendTrusteesReport(t.app.services)).queued).toBe(0);
    clock = new Date('2027-01-02T09:00:00Z');
    expect((await sendTrusteesReport(t.app.services)).queued).toBe(1);
    expect(audit('report.trustees-emailed').n).toBe(2);
    await smtp.waitFor(2);
    expect(smtp.mails.filter((m) => m.to.includes('trustees@example.org')).map((m) => m.subject)).toEqual([
      expect.stringContaining('Q3 2026'),
      expect.stringContaining('Q4 2026'),
    ]);
  });

  it('the security review reminder reaches the IT leads and DSLs once per due date, never viewers', async () => {
    smtp.mails.length = 0;
    // Never reviewed: the first review is due six months after the console was set up (30 Sep 2026),
    // so nothing is sent on the first days, then the reminder goes a month before 30 March 2027.
    clock = new Date('2026-10-02T09:00:00Z');
    expect(t.app.services.organisation.reviews()).toMatchObject({ nextDueAt: '2027-03-30', due: false, overdue: false });
    expect(remindSecurityReview(t.app.services).queued).toBe(0);
    clock = new Date('2027-04-05T09:00:00Z');
    expect(remindSecurityReview(t.app.services).queued).toBe(2);
    expect(remindSecurityReview(t.app.services).queued).toBe(0);
    const first = await smtp.waitFor(2);
    expect(first.flatMap((m) => m.to).sort()).toEqual(['dsl@example.org', 'it-lead@example.org']);
    expect(first[0]?.subject).toBe('Riverside Young Carers: the security review is overdue');
    expect(first[0]?.text).toContain('No security review has been recorded yet');

    const admin = await adminCookie(t.app);
    const rec = await t.app.inject({
      method: 'POST',
      url: '/api/organisation/security-reviews',
      headers: { cookie: admin },
      payload: { reviewedAt: '2027-01-05', reviewedBy: 'Jo Bloggs, IT lead', notes: 'Checked backups, admin accounts and the agent roll-out.' },
    });
    expect(rec.statusCode).toBe(201);
    expect(remindSecurityReview(t.app.services).queued).toBe(0);
    // A month before the next due date (5 July 2027), the reminder goes out once.
    clock = new Date('2027-06-20T09:00:00Z');
    expect(remindSecurityReview(t.app.services).queued).toBe(2);
    clock = new Date('2027-06-21T09:00:00Z');
    expect(remindSecurityReview(t.app.services).queued).toBe(0);
    const all = await smtp.waitFor(4);
    expect(all[2]?.subject).toBe('Riverside Young Carers: the security review is due by 5 July 2027');
    expect(all[2]?.text).toContain('Jo Bloggs, IT lead');
    expect(all.flatMap((m) => m.to)).not.toContain('viewer@example.org');
    expect(audit('security-review.reminder-sent').n).toBe(4);
  });
});
