import { readFileSync } from 'node:fs';
import { AccountsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { buildAccounts, isHumanAccount, parseLoginDefs, parsePasswd, parseShadow, parseShells } from './linux.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const range = { uidMin: 1000, uidMax: 60000 };

describe('this Debian 12 VM', () => {
  it('cloudsdk (uid 1000, /bin/bash, shadow "!" with a date) is the only human, with no usable password', () => {
    const accounts = buildAccounts(
      parsePasswd(fixture('passwd.debian12-vm')),
      parseShadow(fixture('shadow.debian12-vm')),
      parseShells(fixture('shells.debian12-vm')),
      parseLoginDefs(fixture('login.defs.debian12-vm')),
    );
    expect(accounts).toEqual([
      {
        username: 'cloudsdk',
        isHuman: false,
        source: 'local',
        uid: 1000,
        passwordLastSetAt: null,
        mustChangeAtNextLogin: false,
        note: 'no password is set (sign-in by password is not possible; other methods such as SSH keys may be)',
      },
    ]);
    expect(AccountsFacts.safeParse({ status: 'ok', accounts }).success).toBe(true);
  });

  it('root and postgres (uid 101, /bin/bash) are kept out', () => {
    const passwd = parsePasswd(fixture('passwd.debian12-vm'));
    const shells = parseShells(fixture('shells.debian12-vm'));
    const pg = passwd.find((e) => e.username === 'postgres');
    expect(pg).toMatchObject({ uid: 101, shell: '/bin/bash' });
    expect(isHumanAccount(pg!, shells, range)).toBe(false);
    expect(isHumanAccount(passwd.find((e) => e.username === 'root')!, shells, range)).toBe(false);
  });
});

describe('a laptop with every password state', () => {
  const accounts = buildAccounts(
    parsePasswd(fixture('passwd.laptop')),
    parseShadow(fixture('shadow.laptop')),
    parseShells(fixture('shells.laptop')),
    range,
  );
  const byName = Object.fromEntries(accounts.map((a) => [a.username, a]));

  it('lists only people: not root, system, nologin, nobody or above UID_MAX', () => {
    expect(accounts.map((a) => a.username)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'fish', 'ldapuser']);
  });

  it('a normal password: days since 1970 → date', () => {
    expect(byName.alice).toMatchObject({ passwordLastSetAt: '2024-09-14T00:00:00.000Z', mustChangeAtNextLogin: false, uid: 1000 });
    expect(byName.alice?.note).toBeUndefined();
    expect(byName.fish?.passwordLastSetAt).toBe('2024-10-04T00:00:00.000Z');
  });

  it('empty field 3 = ageing off; 0 = must change at next sign-in', () => {
    expect(byName.bob).toMatchObject({ passwordLastSetAt: null, note: 'password ageing is switched off for this account' });
    expect(byName.carol).toMatchObject({
      passwordLastSetAt: null,
      mustChangeAtNextLogin: true,
      note: 'the password must be changed at the next sign-in',
    });
  });

  it('locked, empty and missing passwords are explained, never dated', () => {
    expect(byName.dave).toMatchObject({ isHuman: false, passwordLastSetAt: null, note: 'the password is locked, so it cannot be used to sign in' });
    expect(byName.erin).toMatchObject({ passwordLastSetAt: null, note: 'the account has no password: anyone can sign in to it without one' });
    expect(byName.ldapuser?.note).toMatch(/^no entry in \/etc\/shadow/);
  });

  it('without shadow (not root) every date is unknown', () => {
    const noShadow = buildAccounts(parsePasswd(fixture('passwd.laptop')), null, parseShells(fixture('shells.laptop')), range);
    expect(noShadow).toHaveLength(7);
    expect(noShadow.every((a) => a.passwordLastSetAt === null && a.note === 'password date unknown: /etc/shadow could not be read')).toBe(true);
  });
});

describe('small parsers', () => {
  it('passwd: empty shell means /bin/sh, junk lines are skipped', () => {
    expect(parsePasswd('x:x:1000:1000::/home/x:\njunk\n:x:1:1::/:/bin/sh\n')).toEqual([
      { username: 'x', uid: 1000, gid: 1000, home: '/home/x', shell: '/bin/sh' },
    ]);
  });
  it('login.defs defaults when missing', () => {
    expect(parseLoginDefs(null)).toEqual({ uidMin: 1000, uidMax: 60000 });
    expect(parseLoginDefs('UID_MIN 500\n#UID_MAX 10\n')).toEqual({ uidMin: 500, uidMax: 60000 });
  });
  it('shells ignores comments', () => {
    expect([...parseShells('# c\n/bin/bash\n\n')]).toEqual(['/bin/bash']);
  });
});
