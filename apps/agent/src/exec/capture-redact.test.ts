import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAccounts, parseLoginDefs, parsePasswd, parseShadow, parseShells } from '../collectors/accounts/linux.parse.js';
import { redactPasswordField, redactShadow } from './capture-redact.js';

const fixture = (name: string) => readFileSync(new URL(`../collectors/accounts/fixtures/${name}`, import.meta.url), 'utf8');

describe('redactShadow', () => {
  it('keeps the password-state markers and replaces hashes', () => {
    expect(redactPasswordField('')).toBe('');
    expect(redactPasswordField('*')).toBe('*');
    expect(redactPasswordField('!')).toBe('!');
    expect(redactPasswordField('!!')).toBe('!!');
    expect(redactPasswordField('!*')).toBe('!*');
    expect(redactPasswordField('*LK*')).toBe('*REDACTED');
    expect(redactPasswordField('$6$salt$hash')).toBe('$6$REDACTED');
    expect(redactPasswordField('$y$j9T$salt$hash')).toBe('$y$REDACTED');
    expect(redactPasswordField('!$6$salt$hash')).toBe('!$6$REDACTED');
    expect(redactPasswordField('abcdefghijklm')).toBe('REDACTED');
  });

  it('keeps only username:state:lastchange, dropping comments and blank lines', () => {
    expect(redactShadow('alice:$6$s$h:19980:0:99999:7:::\n# comment\n\nbob::19000:0:99999:7:::\n')).toBe('alice:$6$REDACTED:19980\nbob::19000\n');
  });

  it('leaves no hash material and gives the parser exactly the same accounts', () => {
    const shadow = fixture('shadow.laptop');
    const redacted = redactShadow(shadow);
    expect(redacted).not.toMatch(/fakesalt|notARealHash/);
    const accounts = (text: string) =>
      buildAccounts(parsePasswd(fixture('passwd.laptop')), parseShadow(text), parseShells(fixture('shells.laptop')), parseLoginDefs(null));
    expect(accounts(redacted)).toEqual(accounts(shadow));
  });
});
