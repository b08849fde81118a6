import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_SEEN_FILE, loadFirstSeen, mergeFirstSeen, parseFirstSeenFile, saveFirstSeen } from './first-seen.js';

const t1 = new Date('2026-11-01T09:00:00.000Z');
const t2 = new Date('2026-11-20T09:00:00.000Z');

describe('mergeFirstSeen', () => {
  it('keeps first-seen dates, adds new ones at now, drops what is no longer pending', () => {
    const first = mergeFirstSeen(
      {},
      [
        { name: 'openssl', version: '3.0.18', security: true },
        { name: 'vim', version: '9.0', security: false },
      ],
      t1,
    );
    expect(first.oldestSecurityPendingSince).toBe(t1.toISOString());

    const second = mergeFirstSeen(
      first.map,
      [
        { name: 'openssl', version: '3.0.18', security: true },
        { name: 'curl', version: '8.6', security: true },
      ],
      t2,
    );
    expect(second.pending).toEqual([
      { name: 'openssl', version: '3.0.18', security: true, firstSeenAt: '2026-11-01T09:00:00.000Z' },
      { name: 'curl', version: '8.6', security: true, firstSeenAt: '2026-11-20T09:00:00.000Z' },
    ]);
    expect(second.map).toEqual({ 'openssl 3.0.18': '2026-11-01T09:00:00.000Z', 'curl 8.6': '2026-11-20T09:00:00.000Z' });
    expect(second.oldestSecurityPendingSince).toBe('2026-11-01T09:00:00.000Z');
  });

  it('a new version of a package starts a new clock; no security updates → null', () => {
    const r = mergeFirstSeen({ 'vim 9.0': t1.toISOString() }, [{ name: 'vim', version: '9.1', security: false }], t2);
    expect(r.pending[0]?.firstSeenAt).toBe(t2.toISOString());
    expect(r.oldestSecurityPendingSince).toBeNull();
  });
});

describe('state file', () => {
  it('corrupt or odd files start afresh', () => {
    expect(parseFirstSeenFile(null)).toEqual({});
    expect(parseFirstSeenFile('{not json')).toEqual({});
    expect(parseFirstSeenFile('[1,2]')).toEqual({});
    expect(parseFirstSeenFile('{"a 1":"2026-11-01T09:00:00Z","b 2":42,"c 3":"yesterday"}')).toEqual({ 'a 1': '2026-11-01T09:00:00.000Z' });
  });

  it('round-trips through an atomic write and leaves no temporary files', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sf-state-')), 'nested');
    expect(await loadFirstSeen(dir)).toEqual({});
    await saveFirstSeen(dir, { 'b 1': t1.toISOString(), 'a 1': t2.toISOString() });
    expect(await loadFirstSeen(dir)).toEqual({ 'a 1': t2.toISOString(), 'b 1': t1.toISOString() });
    expect(readdirSync(dir)).toEqual([FIRST_SEEN_FILE]);
    writeFileSync(join(dir, FIRST_SEEN_FILE), 'garbage');
    expect(await loadFirstSeen(dir)).toEqual({});
    expect(readFileSync(join(dir, FIRST_SEEN_FILE), 'utf8')).toBe('garbage');
  });
});
