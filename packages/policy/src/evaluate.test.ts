import { CONTROL_IDS, Finding, PolicySettings } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, evaluate, evaluateCheckin } from './evaluate.js';
import { buildException, buildFacts, buildPolicy, daysBefore, hoursBefore, NOW } from './test-support/facts.js';
import { deviceStatus } from './status.js';

describe('evaluate', () => {
  it('DEFAULT_POLICY is the CAUK defaults', () => {
    expect(DEFAULT_POLICY).toEqual(PolicySettings.parse({}));
    expect(DEFAULT_POLICY.passwordAge).toEqual({ maxAgeDays: 90, graceDays: 14 });
    expect(DEFAULT_POLICY.antivirus.maxDefinitionAgeDays).toBe(7);
    expect(DEFAULT_POLICY.osUpdates.securityGraceDays).toBe(14);
    expect(DEFAULT_POLICY.screenLock.maxIdleMinutes).toBe(15);
    expect(DEFAULT_POLICY.agentCheckin.windowHours).toBe(24);
  });

  it('returns exactly 8 findings in CONTROL_IDS order, each valid for the protocol', () => {
    const findings = evaluate(buildFacts(), DEFAULT_POLICY, [], NOW, { lastSeenAt: hoursBefore(1) });
    expect(findings.map((f) => f.control)).toEqual([...CONTROL_IDS]);
    expect(findings).toHaveLength(8);
    for (const f of findings) expect(() => Finding.parse(f)).not.toThrow();
  });

  it('a compliant Windows laptop passes every control', () => {
    const findings = evaluate(buildFacts(), DEFAULT_POLICY, [], NOW, { lastSeenAt: hoursBefore(1) });
    expect(findings.map((f) => [f.control, f.status])).toEqual(CONTROL_IDS.map((id) => [id, 'pass']));
    expect(deviceStatus(findings)).toBe('compliant');
  });

  it('agent-checkin is unknown ("checked by the console") without lastSeenAt, and fails when never seen', () => {
    const without = evaluate(buildFacts(), DEFAULT_POLICY, [], NOW);
    const checkin = without.find((f) => f.control === 'agent-checkin');
    expect(checkin?.status).toBe('unknown');
    expect(checkin?.reason).toContain('Checked by the console');
    expect(deviceStatus(without)).toBe('compliant');

    const never = evaluate(buildFacts(), DEFAULT_POLICY, [], NOW, { lastSeenAt: null });
    expect(never.find((f) => f.control === 'agent-checkin')?.status).toBe('fail');
    expect(deviceStatus(never)).toBe('stale');
  });

  it('reports switched-off controls as unknown with that reason', () => {
    const policy = buildPolicy({ disabledControls: ['social-apps', 'agent-checkin'] });
    const facts = buildFacts({ apps: { status: 'ok', apps: [{ name: 'TikTok', id: 'BytedancePte.Ltd.TikTok_6yccndn6064se', source: 'store' }] } });
    const findings = evaluate(facts, policy, [], NOW, { lastSeenAt: null });
    for (const id of ['social-apps', 'agent-checkin'] as const) {
      const f = findings.find((x) => x.control === id);
      expect(f?.status).toBe('unknown');
      expect(f?.reason).toBe('Switched off in this organisation’s policy.');
    }
    expect(deviceStatus(findings)).toBe('compliant');
    expect(evaluateCheckin(null, policy, NOW).status).toBe('unknown');
  });

  it('passes exceptions and the device context through to social-apps', () => {
    const facts = buildFacts({ apps: { status: 'ok', apps: [{ name: 'WhatsApp', id: '5319275A.WhatsAppDesktop_cv1g1gvanyjgm', source: 'store' }] } });
    const exception = buildException({ appIds: ['whatsapp'], scope: { kind: 'device', deviceId: 'dev-9' } });
    const allowed = evaluate(facts, DEFAULT_POLICY, [exception], NOW, { deviceId: 'dev-9' });
    expect(allowed.find((f) => f.control === 'social-apps')?.status).toBe('pass');
    const other = evaluate(facts, DEFAULT_POLICY, [exception], NOW, { deviceId: 'dev-8' });
    expect(other.find((f) => f.control === 'social-apps')?.status).toBe('fail');
    expect(deviceStatus(other)).toBe('noncompliant');
  });

  it('a device whose collectors all failed is not evaluated', () => {
    const broken = { status: 'error' as const, error: 'agent is not running as administrator' };
    const facts = buildFacts({
      antivirus: broken,
      updates: broken,
      accounts: broken,
      apps: broken,
      encryption: broken,
      screenLock: broken,
    });
    const findings = evaluate(facts, DEFAULT_POLICY, [], NOW, { lastSeenAt: hoursBefore(2) });
    expect(findings.filter((f) => f.status === 'unknown').map((f) => f.control)).toEqual(CONTROL_IDS.filter((c) => c !== 'agent-checkin'));
    for (const f of findings.slice(0, 7)) expect(f.reason).toContain('not running as administrator');
    expect(deviceStatus(findings)).toBe('notEvaluated');
  });

  it('a password in its grace period makes the device "grace"', () => {
    const facts = buildFacts({
      accounts: { status: 'ok', accounts: [{ username: 'sam', isHuman: true, passwordLastSetAt: daysBefore(80), mustChangeAtNextLogin: false }] },
    });
    const findings = evaluate(facts, DEFAULT_POLICY, [], NOW, { lastSeenAt: hoursBefore(1) });
    expect(findings.find((f) => f.control === 'password-age')?.status).toBe('grace');
    expect(deviceStatus(findings)).toBe('grace');
  });

  it('evaluateCheckin uses the window from policy', () => {
    expect(evaluateCheckin(hoursBefore(23), DEFAULT_POLICY, NOW).status).toBe('pass');
    expect(evaluateCheckin(hoursBefore(25), DEFAULT_POLICY, NOW).status).toBe('fail');
  });
});
