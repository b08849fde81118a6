// What `safefleet-agent check` says about a laptop, end to end through the real collectors and
// parsers (over a fake host holding real-format output) and the real CAUK policy: the findings
// must name the app, the account and the missing antivirus.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, evaluate } from '@safefleet/policy';
import { commandLine, createFakeHost } from './exec/index.js';
import { collectAll } from './collectors/index.js';
import { DPKG_ARGS } from './collectors/apps/linux.js';

const fixture = (path: string) => readFileSync(new URL(`./collectors/${path}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');

function laptop(dpkg: string) {
  return createFakeHost({
    platform: 'linux',
    commands: { [commandLine('dpkg-query', DPKG_ARGS)]: { stdout: dpkg } },
    files: {
      '/etc/passwd': fixture('accounts/fixtures/passwd.laptop'),
      '/etc/shadow': fixture('accounts/fixtures/shadow.laptop'),
      '/etc/shells': fixture('accounts/fixtures/shells.laptop'),
    },
  });
}

async function check(dpkg: string) {
  const facts = await collectAll({ host: laptop(dpkg), agentVersion: 'test', now });
  const findings = evaluate(facts, DEFAULT_POLICY, [], now);
  return { facts, byControl: new Map(findings.map((f) => [f.control, f])) };
}

describe('check on a laptop with no antivirus, Signal installed and an old password', () => {
  const dpkg = 'libc6\t2.36-9+deb12u9\tii \nsignal-desktop\t7.30.0\tii \nvim\t2:9.0.1378-2\tii \n';

  it('antivirus fails because none is installed', async () => {
    const { facts, byControl } = await check(dpkg);
    expect(facts.antivirus).toMatchObject({ status: 'ok', products: [] });
    expect(byControl.get('antivirus')).toMatchObject({ status: 'fail' });
    expect(byControl.get('antivirus')?.reason).toMatch(/no antivirus/i);
  });

  it('social-apps fails and names the app', async () => {
    const { byControl } = await check(dpkg);
    expect(byControl.get('social-apps')?.status).toBe('fail');
    expect(byControl.get('social-apps')?.reason).toMatch(/Signal/);
  });

  it('password-age fails and names the account and its age', async () => {
    const { facts, byControl } = await check(dpkg);
    // alice's /etc/shadow field 3 is 19980 days = 2024-09-14, 798 days before `now`.
    expect(facts.accounts.accounts.find((a) => a.username === 'alice')?.passwordLastSetAt).toBe('2024-09-14T00:00:00.000Z');
    const f = byControl.get('password-age');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/alice/);
    expect(f?.reason).toMatch(/798 days/);
  });

  it('without the app, social-apps passes: the fail came from the app, not the setup', async () => {
    const { byControl } = await check('libc6\t2.36-9+deb12u9\tii \nvim\t2:9.0.1378-2\tii \n');
    expect(byControl.get('social-apps')?.status).toBe('pass');
  });
});
