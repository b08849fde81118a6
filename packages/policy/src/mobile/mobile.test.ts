import { MobileRecord, mobileFacts, PolicySettings, type DeviceSource, type MobileRecordInput } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCheckin } from '../evaluate.js';
import { APPLE_RELEASES } from './os-versions.js';
import { deviceStatus } from '../status.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const policy = PolicySettings.parse({});

function tablet(over: Partial<MobileRecordInput> = {}): MobileRecordInput {
  return {
    serial: 'R9AW1234',
    name: 'Events tablet 1',
    kind: 'tablet',
    platform: 'android',
    osVersion: '16',
    securityPatch: ago(20).slice(0, 10),
    encrypted: true,
    passcode: true,
    apps: [],
    keeperEmail: 'sam@charity.org',
    lastSync: ago(1),
    ...over,
  };
}

function run(over: Partial<MobileRecordInput>, source: DeviceSource = { type: 'mdm', provider: 'google-workspace' }) {
  const facts = mobileFacts(MobileRecord.parse(tablet(over)), source, NOW.toISOString(), 'test');
  const findings = evaluate(facts, policy, [], NOW, { source, lastSeenAt: new Date(ago(1)) });
  return Object.fromEntries(findings.map((f) => [f.control, f]));
}

describe('tablet rules', () => {
  it('an Android tablet with WhatsApp and a 200-day-old patch level fails both controls, naming them', () => {
    const f = run({ securityPatch: ago(200).slice(0, 10), apps: [{ id: 'com.whatsapp', name: 'WhatsApp' }] });
    expect(f['os-updates']!.status).toBe('fail');
    expect(f['os-updates']!.reason).toContain('200 days old');
    expect(f['os-updates']!.reason).toContain('Google Workspace');
    expect(f['social-apps']!.status).toBe('fail');
    expect(f['social-apps']!.reason).toContain('WhatsApp');
    expect(f['social-apps']!.reason).toContain('com.whatsapp');
  });

  it('a recent patch level passes; an unsupported Android version fails; no patch on an old major is unknown', () => {
    expect(run({})['os-updates']!.status).toBe('pass');
    expect(run({ osVersion: '11', securityPatch: null })['os-updates']!.reason).toContain('no longer receives security updates');
    // Android 13 left the bulletins in March 2026.
    expect(run({ osVersion: '13', securityPatch: ago(20).slice(0, 10) })['os-updates']!.status).toBe('fail');
    expect(run({ osVersion: '14', securityPatch: null })['os-updates']!.status).toBe('unknown');
  });

  it('iPadOS: current version passes, an older point release fails after the grace, an old major fails', () => {
    const ipad = { platform: 'ipados' as const, securityPatch: null, encrypted: null };
    const newest = APPLE_RELEASES[0]!;
    expect(run({ ...ipad, osVersion: newest.latest })['os-updates']!.status).toBe('pass');
    expect(run({ ...ipad, osVersion: `${newest.latest}.2` })['os-updates']!.status).toBe('pass');
    const old = run({ ...ipad, osVersion: `${newest.major}.0.1` })['os-updates']!;
    expect(old.status).toBe('fail');
    expect(old.reason).toContain(`${newest.latest} was released`);
    expect(old.reason).toContain('table of current versions is dated');
    expect(run({ ...ipad, osVersion: '17.6' })['os-updates']!.status).toBe('fail');
  });

  it('iPadOS with a passcode counts as encrypted, with that reason; antivirus is not applicable, in words', () => {
    const f = run({ platform: 'ipados', osVersion: '26.1', securityPatch: null, encrypted: null }, { type: 'keeper', confirmedAt: ago(1) });
    expect(f['disk-encryption']!.status).toBe('pass');
    expect(f['disk-encryption']!.reason).toContain('Data Protection');
    expect(f.antivirus!.status).toBe('pass');
    expect(f.antivirus!.reason).toContain('not applicable on iPadOS');
    expect(f.antivirus!.details).toMatchObject({ notApplicable: true });
    const nopass = run({ platform: 'ipados', osVersion: '26.1', securityPatch: null, encrypted: null, passcode: false });
    expect(nopass['disk-encryption']!.status).toBe('fail');
    expect(nopass['screen-lock']!.status).toBe('fail');
  });

  it('Android threat state: compromised fails, clean passes, not reported is unknown', () => {
    expect(run({ compromised: true, compromisedDetail: 'Compromised' }).antivirus!.status).toBe('fail');
    expect(run({ compromised: false }).antispyware!.status).toBe('pass');
    expect(run({}).antivirus!.status).toBe('unknown');
  });

  it('password age is the passcode confirmation date; none is unknown', () => {
    expect(run({})['password-age']!.status).toBe('unknown');
    const recent = run({ passcodeChangedAt: ago(10), keeperName: 'Sam Patel' }, { type: 'keeper', confirmedAt: ago(10) });
    expect(recent['password-age']!.status).toBe('pass');
    expect(recent['password-age']!.reason).toContain('Sam Patel');
    expect(run({ passcodeChangedAt: ago(100) })['password-age']!.status).toBe('fail');
  });

  it('a keeper check-in older than its quarter makes the device Stale; an MDM sync older than 14 days too', () => {
    const keeper: DeviceSource = { type: 'keeper', confirmedAt: ago(100) };
    expect(evaluateCheckin(new Date(ago(100)), policy, NOW, keeper).status).toBe('fail');
    expect(evaluateCheckin(new Date(ago(60)), policy, NOW, keeper).status).toBe('pass');
    const facts = mobileFacts(MobileRecord.parse(tablet({})), keeper, NOW.toISOString(), 'test');
    expect(deviceStatus(evaluate(facts, policy, [], NOW, { source: keeper, lastSeenAt: new Date(ago(100)) }))).toBe('stale');
    expect(evaluateCheckin(new Date(ago(20)), policy, NOW, { type: 'mdm', provider: 'intune' }).reason).toContain('Microsoft Intune');
  });
});
