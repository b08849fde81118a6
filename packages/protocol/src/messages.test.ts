import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LIMITS, parseAgentMessage, parseServerMessage, PROTOCOL_VERSION, type FactsInput } from './index.js';
import { decodeEnrolmentString, encodeEnrolmentString } from './api/enrolment.js';

const facts: FactsInput = {
  collectedAt: '2026-11-21T05:00:00.000Z',
  agentVersion: '0.1.0',
  os: { status: 'ok', platform: 'linux', distro: 'Debian GNU/Linux', release: '12' },
  antivirus: { status: 'ok', products: [] },
  updates: { status: 'error', error: 'apt not found' },
  accounts: { status: 'ok', accounts: [] },
  apps: { status: 'ok', apps: [{ name: 'Signal', id: 'signal-desktop', source: 'dpkg' }] },
  encryption: { status: 'ok', volumes: [{ mount: '/', encrypted: false, isSystem: true }] },
  screenLock: { status: 'unsupported', error: 'no desktop session' },
};

describe('agent messages', () => {
  it('accepts a valid report and fills defaults', () => {
    const r = parseAgentMessage(JSON.stringify({ type: 'report', reportId: randomUUID(), seq: 1, facts }));
    expect(r.ok).toBe(true);
    if (r.ok && r.message?.type === 'report') {
      expect(r.message.facts.updates.pendingCount).toBeNull();
      expect(r.message.facts.screenLock.users).toEqual([]);
    } else throw new Error('expected a report');
  });

  it('rejects bad JSON, wrong types and oversized frames with a code', () => {
    expect(parseAgentMessage('{not json')).toMatchObject({ ok: false, code: 'bad-json' });
    expect(parseAgentMessage('[1,2]')).toMatchObject({ ok: false, code: 'invalid-message' });
    const wrong = parseAgentMessage(JSON.stringify({ type: 'report', reportId: 'x', seq: -1, facts: {} }));
    expect(wrong).toMatchObject({ ok: false, code: 'invalid-message', reportId: 'x' });
    if (!wrong.ok) expect(wrong.error).toMatch(/reportId/);
    const big = 'x'.repeat(LIMITS.maxMessageBytes + 1);
    expect(parseAgentMessage(big)).toMatchObject({ ok: false, code: 'too-large' });
  });

  it('ignores unknown message types so the protocol can grow', () => {
    expect(parseAgentMessage(JSON.stringify({ type: 'telemetry-v9' }))).toEqual({ ok: true, message: null, ignoredType: 'telemetry-v9' });
  });

  it('rejects a fact group with an invalid status', () => {
    const bad = { ...facts, apps: { status: 'fine', apps: [] } };
    const r = parseAgentMessage(JSON.stringify({ type: 'report', reportId: randomUUID(), seq: 2, facts: bad }));
    expect(r).toMatchObject({ ok: false, code: 'invalid-message' });
  });
});

describe('server messages', () => {
  it('parses hello, ack and commands; ignores unknown command names', () => {
    const hello = parseServerMessage(
      JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, deviceId: 'd1', serverVersion: '0.1.0', collectIntervalMinutes: 60 }),
    );
    expect(hello).toMatchObject({ ok: true, message: { type: 'hello' } });
    const cmd = parseServerMessage(JSON.stringify({ type: 'command', commandId: 'c1', name: 'collect-now' }));
    expect(cmd).toMatchObject({ ok: true, message: { name: 'collect-now' } });
    const future = parseServerMessage(JSON.stringify({ type: 'command', commandId: 'c2', name: 'wipe-the-moon' }));
    expect(future).toMatchObject({ ok: true, message: null });
  });
});

describe('enrolment strings', () => {
  it('round-trips and explains damage', () => {
    const s = encodeEnrolmentString({ url: 'http://127.0.0.1:8080', token: 'a'.repeat(32) });
    expect(s.startsWith('SFE1.')).toBe(true);
    expect(decodeEnrolmentString(` ${s} `)).toEqual({ url: 'http://127.0.0.1:8080', token: 'a'.repeat(32) });
    expect(() => decodeEnrolmentString('hello')).toThrow(/enrolment string/);
    expect(() => decodeEnrolmentString('SFE1.!!!')).toThrow(/damaged/);
  });
});
