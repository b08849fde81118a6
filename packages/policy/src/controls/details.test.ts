import { CONTROL_IDS, Finding, MobileRecord, mobileFacts, type DeviceSource, type MobileRecordInput } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import { buildFacts, buildPolicy, daysBefore, hoursBefore, NOW } from '../test-support/facts.js';

/**
 * Every rule writes Finding.details with exactly the shape its control module in @safefleet/protocol
 * declares: parsing a finding gives back the same object (no field dropped as unknown, none
 * missing and filled in by a default), on computers and on tablets, in pass and in fail.
 */
function expectDeclaredShapes(findings: Finding[]) {
  expect(findings.map((f) => f.control)).toEqual([...CONTROL_IDS]);
  for (const f of findings) expect(Finding.parse(f), f.control).toEqual(f);
  expect(findings.filter((f) => f.details !== undefined).length).toBeGreaterThan(0);
}

describe('finding details match their control modules', () => {
  it('a compliant computer', () => {
    expectDeclaredShapes(evaluate(buildFacts(), buildPolicy(), [], NOW, { lastSeenAt: hoursBefore(1) }));
  });

  it('a computer failing every control', () => {
    const facts = buildFacts({
      antivirus: {
        status: 'ok',
        products: [
          { name: 'Defender', enabled: true, realTime: false, antispyware: false, signaturesUpToDate: false, signaturesUpdatedAt: daysBefore(40) },
        ],
      },
      updates: {
        status: 'ok',
        pendingCount: 3,
        securityPendingCount: 2,
        lastInstalledAt: daysBefore(60),
        oldestSecurityPendingSince: daysBefore(30),
        pending: [{ name: 'KB5030211', security: true, firstSeenAt: daysBefore(30) }],
      },
      accounts: { status: 'ok', accounts: [{ username: 'sam', isHuman: true, passwordLastSetAt: daysBefore(200), mustChangeAtNextLogin: false }] },
      apps: { status: 'ok', apps: [{ name: 'WhatsApp', id: '5319275A.WhatsAppDesktop_cv1g1gvanyjgm', source: 'store' }] },
      encryption: { status: 'ok', volumes: [{ mount: 'C:', encrypted: false, isSystem: true }] },
      screenLock: { status: 'ok', users: [{ user: 'sam', lockEnabled: true, idleSeconds: 0, lockDelaySeconds: 0 }] },
    });
    const findings = evaluate(facts, buildPolicy(), [], NOW, { lastSeenAt: hoursBefore(100) });
    expect(findings.filter((f) => f.status === 'fail').map((f) => f.control)).toEqual([...CONTROL_IDS]);
    expectDeclaredShapes(findings);
  });

  it('a computer the agent could not read, and one never seen', () => {
    const facts = buildFacts({ updates: { status: 'error', error: 'no access' }, screenLock: { status: 'ok', users: [] } });
    expectDeclaredShapes(evaluate(facts, buildPolicy(), [], NOW, { lastSeenAt: null }));
  });

  const tablet = (over: Partial<MobileRecordInput>): MobileRecordInput => ({
    serial: 'R9AW1234',
    name: 'Events tablet 1',
    kind: 'tablet',
    platform: 'android',
    osVersion: '16',
    securityPatch: daysBefore(20).slice(0, 10),
    encrypted: true,
    passcode: true,
    apps: [],
    keeperEmail: 'sam@charity.org',
    lastSync: daysBefore(1),
    ...over,
  });
  const sources: DeviceSource[] = [
    { type: 'mdm', provider: 'google-workspace' },
    { type: 'keeper', confirmedAt: daysBefore(1) },
  ];

  for (const [name, over] of [
    ['an up-to-date Android tablet', {}],
    [
      'an Android tablet with an old patch level and WhatsApp',
      { securityPatch: daysBefore(300).slice(0, 10), apps: [{ id: 'com.whatsapp', name: 'WhatsApp' }] },
    ],
    ['an iPad', { platform: 'ipados', osVersion: '17.0', securityPatch: null, encrypted: null, passcode: false }],
  ] as Array<[string, Partial<MobileRecordInput>]>) {
    for (const source of sources) {
      it(`${name} (${source.type})`, () => {
        const facts = mobileFacts(MobileRecord.parse(tablet(over)), source, NOW.toISOString(), 'test');
        expectDeclaredShapes(evaluate(facts, buildPolicy(), [], NOW, { source, lastSeenAt: new Date(daysBefore(1)) }));
      });
    }
  }
});
