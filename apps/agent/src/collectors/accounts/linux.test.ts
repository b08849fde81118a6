import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFakeHost } from '../../exec/index.js';
import { collectAccountsLinux } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');

describe('collectAccountsLinux (fake machines)', () => {
  it('as root: ok, people only, with password dates', async () => {
    const host = createFakeHost({
      files: {
        '/etc/passwd': fixture('passwd.laptop'),
        '/etc/shadow': fixture('shadow.laptop'),
        '/etc/shells': fixture('shells.laptop'),
      },
    });
    const r = await collectAccountsLinux({ host, now });
    expect(r.status).toBe('ok');
    expect(r.accounts?.[0]).toEqual({
      username: 'alice',
      isHuman: true,
      source: 'local',
      uid: 1000,
      passwordLastSetAt: '2024-09-14T00:00:00.000Z',
      mustChangeAtNextLogin: false,
    });
  });

  it('not root (shadow unreadable): an error that says why, accounts still listed without dates', async () => {
    const host = createFakeHost({ files: { '/etc/passwd': fixture('passwd.laptop'), '/etc/shells': fixture('shells.laptop') } });
    const r = await collectAccountsLinux({ host, now });
    expect(r.status).toBe('error');
    expect(r.error).toBe('Safefleet needs to run as root to read password dates (/etc/shadow could not be read)');
    expect(r.accounts?.map((a) => a.passwordLastSetAt)).toEqual(new Array(7).fill(null));
  });
});
