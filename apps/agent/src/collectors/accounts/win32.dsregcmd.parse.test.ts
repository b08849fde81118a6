import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDsregcmd } from './win32.dsregcmd.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');

describe('dsregcmd /status', () => {
  it('an Entra-joined laptop: the signed-in work account, join state and tenant', () => {
    expect(parseDsregcmd(fixture('dsregcmd-entra-joined.txt'))).toEqual([
      {
        upn: 'jo.bloggs@youngcarers.org.uk',
        provider: 'microsoft',
        joinState: 'entra-joined',
        tenantName: 'Young Carers Trust',
        localUser: 'AzureAD\\JoBloggs',
      },
    ]);
  });

  it('hybrid and registered states; SYSTEM, domain-only, workgroup and empty output give no account', () => {
    const base = fixture('dsregcmd-entra-joined.txt');
    expect(parseDsregcmd(base.replace('DomainJoined : NO', 'DomainJoined : YES'))[0]!.joinState).toBe('hybrid-joined');
    const registered = base.replace('AzureAdJoined : YES', 'AzureAdJoined : NO').replace('WorkplaceJoined : NO', 'WorkplaceJoined : YES');
    expect(parseDsregcmd(registered)[0]!.joinState).toBe('entra-registered');
    expect(parseDsregcmd(base.replace('AzureAD\\JoBloggs, jo.bloggs@youngcarers.org.uk', 'NT AUTHORITY\\SYSTEM, '))).toEqual([]);
    expect(parseDsregcmd(base.replace('AzureAdJoined : YES', 'AzureAdJoined : NO').replace('DomainJoined : NO', 'DomainJoined : YES'))).toEqual([]);
    expect(parseDsregcmd(base.replace('AzureAdJoined : YES', 'AzureAdJoined : NO'))).toEqual([]);
    expect(parseDsregcmd('')).toEqual([]);
    expect(parseDsregcmd("'dsregcmd' is not recognized as an internal or external command")).toEqual([]);
  });
});
