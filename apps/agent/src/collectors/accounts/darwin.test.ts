import { readFileSync } from 'node:fs';
import { AccountsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../registry.js';
import { commandLine, createFakeHost, type FakeResult } from '../../exec/index.js';
import { collectAccountsDarwin, DSCL_LIST_ARGS, dsclReadArgs, dsclReadplPasswordArgs } from './darwin.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
const noKey: FakeResult = { exitCode: 181, stderr: fixture('dscl-read.no-such-key.stderr.txt') };
const read = (u: string, key: string) => commandLine('dscl', dsclReadArgs(u, key));
const readpl = (u: string) => commandLine('dscl', dsclReadplPasswordArgs(u));

describe('collectAccountsDarwin (fake Mac)', () => {
  it('local, older-macOS and AD mobile accounts; a /usr/bin/false account is left out', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        [commandLine('dscl', DSCL_LIST_ARGS)]: { stdout: fixture('dscl-list-users.sonoma.txt') },
        // alice: local, readpl works
        [read('alice', 'UserShell')]: { stdout: fixture('dscl-read-UserShell.zsh.txt') },
        [read('alice', 'OriginalNodeName')]: noKey,
        [readpl('alice')]: { stdout: fixture('dscl-readpl-passwordLastSetTime.txt') },
        // youthworker: readpl has no key; the plist has only creationTime
        [read('youthworker', 'UserShell')]: { stdout: fixture('dscl-read-UserShell.zsh.txt') },
        [read('youthworker', 'OriginalNodeName')]: noKey,
        [readpl('youthworker')]: { exitCode: 1, stderr: fixture('dscl-readpl.no-key.stderr.txt') },
        [read('youthworker', 'accountPolicyData')]: { stdout: fixture('dscl-read-accountPolicyData.creation-only.txt') },
        // itadmin: AD mobile account
        [read('itadmin', 'UserShell')]: { stdout: fixture('dscl-read-UserShell.zsh.txt') },
        [read('itadmin', 'OriginalNodeName')]: { stdout: fixture('dscl-read-OriginalNodeName.ad.txt') },
        [readpl('itadmin')]: { stdout: fixture('dscl-readpl-passwordLastSetTime.txt') },
        [read('itadmin', 'SMBPasswordLastSet')]: { stdout: fixture('dscl-read-SMBPasswordLastSet.txt') },
        // scanner: cannot sign in
        [read('scanner', 'UserShell')]: { stdout: fixture('dscl-read-UserShell.false.txt') },
        [read('scanner', 'OriginalNodeName')]: noKey,
        [readpl('scanner')]: { exitCode: 1, stderr: fixture('dscl-readpl.no-key.stderr.txt') },
      },
    });
    const g = await collectAccountsDarwin({ host, now });
    expect(g.status).toBe('ok');
    expect(g.accounts?.map((a) => [a.username, a.source, a.passwordLastSetAt, a.note ?? null])).toEqual([
      ['alice', 'local', '2024-06-10T20:04:13.627Z', null],
      ['youthworker', 'local', null, 'macOS has no record of when this password was set'],
      ['itadmin', 'domain', '2024-06-28T08:00:00.000Z', null],
    ]);
    expect(AccountsFacts.safeParse(g).success).toBe(true);
    expect(host.unmatched).toEqual([]);
  });

  it('dscl failing is an error in plain words', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: { [commandLine('dscl', DSCL_LIST_ARGS)]: { exitCode: 1, stderr: 'DS Error: -14009 (eDSUnknownNodeName)\n' } },
    });
    expect(await collectAccountsDarwin({ host, now })).toEqual({
      status: 'error',
      error: 'The list of accounts could not be read: dscl . -list /Users exited with code 1: DS Error: -14009 (eDSUnknownNodeName)',
    });
  });
});

describe('registry', () => {
  it('collectAccountsDarwin is the macOS entry for accounts', () => {
    expect(REGISTRY.accounts.darwin).toBe(collectAccountsDarwin);
  });
});
