import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox, outboxFileName } from './outbox.js';
import type { Report } from '@safefleet/protocol';
import { sampleReport, tempDir } from './fixtures/reports.js';

/** A report whose facts differ from every other (a state change each time). */
function changing(seq: number, padding = 0): Report {
  const r = sampleReport(seq, padding);
  r.facts.os = { ...r.facts.os, release: `12.${seq}` };
  return r;
}

describe('Outbox', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let logs: string[];
  const log = (m: string): void => void logs.push(m);

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    dir = join(dir, 'outbox');
    logs = [];
  });
  afterEach(async () => cleanup());

  it('keeps queued reports across a re-open, in seq order', async () => {
    const a = await Outbox.open({ dir, log });
    const r3 = sampleReport(3);
    const r1 = sampleReport(1);
    const r12 = sampleReport(12);
    await a.add(r3);
    await a.add(r12);
    await a.add(r1);
    expect(await readdir(dir)).toContain(outboxFileName(3, r3.reportId));

    const b = await Outbox.open({ dir, log });
    expect(b.size).toBe(3);
    const listed = await b.list();
    expect(listed.map((r) => r.seq)).toEqual([1, 3, 12]);
    expect(listed[0]).toEqual(r1);
  });

  it('writes files 0600 in a 0700 directory', async () => {
    const box = await Outbox.open({ dir, log });
    const r = sampleReport(1);
    await box.add(r);
    if (process.platform !== 'win32') {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect((await stat(join(dir, outboxFileName(1, r.reportId)))).mode & 0o777).toBe(0o600);
    }
  });

  it('removes a report only when its reportId is acked', async () => {
    const box = await Outbox.open({ dir, log });
    const r1 = sampleReport(1);
    const r2 = sampleReport(2);
    await box.add(r1);
    await box.add(r2);
    expect(await box.remove('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(box.size).toBe(2);
    expect((await box.remove(r1.reportId))?.seq).toBe(1);
    expect((await box.list()).map((r) => r.reportId)).toEqual([r2.reportId]);
    expect((await Outbox.open({ dir, log })).size).toBe(1);
  });

  it('drops the oldest reports when over the report limit, and says so', async () => {
    const box = await Outbox.open({ dir, log, maxReports: 3 });
    for (let seq = 1; seq <= 5; seq++) await box.add(changing(seq));
    expect((await box.list()).map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(logs.filter((l) => l.includes('dropped the oldest'))).toHaveLength(2);
    expect(logs.join('\n')).toContain('seq 1');
    expect((await readdir(dir)).filter((n) => n.endsWith('.json'))).toHaveLength(3);
  });

  it('drops the oldest reports when over the byte limit but keeps the newest', async () => {
    const one = Buffer.byteLength(JSON.stringify(changing(1, 500)));
    const box = await Outbox.open({ dir, log, maxBytes: one * 2 + 10 });
    for (let seq = 1; seq <= 4; seq++) await box.add(changing(seq, 500));
    expect((await box.list()).map((r) => r.seq)).toEqual([3, 4]);
    const tiny = await Outbox.open({ dir: join(dir, '..', 'tiny'), log, maxBytes: 10 });
    await tiny.add(sampleReport(9));
    expect(tiny.size).toBe(1);
  });

  it('applies the limits to reports already on disk when re-opened', async () => {
    const box = await Outbox.open({ dir, log });
    for (let seq = 1; seq <= 4; seq++) await box.add(changing(seq));
    const smaller = await Outbox.open({ dir, log, maxReports: 2 });
    expect((await smaller.list()).map((r) => r.seq)).toEqual([3, 4]);
  });

  it('moves corrupt files to corrupt/ instead of crashing', async () => {
    const box = await Outbox.open({ dir, log });
    const good = sampleReport(2);
    await box.add(good);
    const bad = sampleReport(1);
    await writeFile(join(dir, outboxFileName(1, bad.reportId)), '{"type":"report", trunc');
    const wrong = sampleReport(3);
    await writeFile(join(dir, outboxFileName(3, wrong.reportId)), JSON.stringify({ ...wrong, seq: 99 }));
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await writeFile(join(dir, `.${outboxFileName(4, wrong.reportId)}.123.abcd.tmp`), '{"half');

    const again = await Outbox.open({ dir, log });
    expect(again.size).toBe(3);
    expect((await again.list()).map((r) => r.reportId)).toEqual([good.reportId]);
    expect(again.size).toBe(1);
    const corrupt = await readdir(join(dir, 'corrupt'));
    expect(corrupt).toEqual(expect.arrayContaining(['notes.txt', outboxFileName(1, bad.reportId), outboxFileName(3, wrong.reportId)]));
    expect(await readFile(join(dir, 'corrupt', `${outboxFileName(1, bad.reportId)}.reason.txt`), 'utf8')).toContain('not valid JSON');
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(false);
    expect(logs.filter((l) => l.includes('could not be read'))).toHaveLength(3);
  });

  it('moves a rejected report to rejected/ so it is not sent again', async () => {
    const box = await Outbox.open({ dir, log });
    const r = sampleReport(7);
    await box.add(r);
    expect((await box.reject(r.reportId, 'invalid-message: facts.os: bad'))?.seq).toBe(7);
    expect(box.size).toBe(0);
    expect(await readdir(join(dir, 'rejected'))).toContain(outboxFileName(7, r.reportId));
    expect((await Outbox.open({ dir, log })).size).toBe(0);
    expect(logs.join('\n')).toContain('will not resend it');
  });

  it('keeps only the newest files in rejected/', async () => {
    const box = await Outbox.open({ dir, log, maxSetAside: 2 });
    const ids: string[] = [];
    for (let seq = 1; seq <= 4; seq++) {
      const r = sampleReport(seq);
      ids.push(r.reportId);
      await box.add(r);
      await box.reject(r.reportId, 'invalid');
      await new Promise((res) => setTimeout(res, 5));
    }
    const left = (await readdir(join(dir, 'rejected'))).filter((n) => n.endsWith('.json'));
    expect(left.sort()).toEqual([outboxFileName(3, ids[2]!), outboxFileName(4, ids[3]!)]);
  });

  it('serialises concurrent writes', async () => {
    const box = await Outbox.open({ dir, log });
    await Promise.all(Array.from({ length: 20 }, (_, i) => box.add(sampleReport(i + 1))));
    await box.idle();
    expect((await box.list()).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
