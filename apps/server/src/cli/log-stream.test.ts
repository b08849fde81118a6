import { describe, expect, it } from 'vitest';
import { createPlainLogStream, formatLogLine } from './log-stream.js';

const t = Date.parse('2026-11-21T06:05:42.123Z');

describe('plain log lines', () => {
  it('turns a pino line into time, level, message and simple fields', () => {
    const json = JSON.stringify({ level: 30, time: t, pid: 1, hostname: 'vm', msg: 'agent disconnected', deviceId: 'd1', code: 1001 });
    expect(formatLogLine(json, false)).toBe('2026-11-21T06:05:42Z info  agent disconnected (deviceId=d1, code=1001)');
  });

  it('hides request lines unless the server failed or requests are asked for', () => {
    const ok = JSON.stringify({
      level: 30,
      time: t,
      msg: 'request completed',
      req: { method: 'GET', url: '/api/devices' },
      res: { statusCode: 200 },
      responseTime: 7.9,
    });
    const bad = JSON.stringify({
      level: 30,
      time: t,
      msg: 'request completed',
      req: { method: 'POST', url: '/api/x' },
      res: { statusCode: 500 },
      responseTime: 3,
    });
    expect(formatLogLine(ok, false)).toBeNull();
    expect(formatLogLine(ok, true)).toBe('2026-11-21T06:05:42Z info  GET /api/devices → 200 (8 ms)');
    expect(formatLogLine(bad, false)).toBe('2026-11-21T06:05:42Z info  POST /api/x → 500 (3 ms)');
    expect(formatLogLine(JSON.stringify({ level: 30, msg: 'incoming request' }), true)).toBeNull();
  });

  it('includes the error message and passes non-JSON text through', () => {
    expect(formatLogLine(JSON.stringify({ level: 50, time: t, msg: 'ingest failed', err: { message: 'disk full' } }), false)).toBe(
      '2026-11-21T06:05:42Z error ingest failed: disk full',
    );
    expect(formatLogLine('not json', false)).toBe('not json');
  });

  it('splits chunks into lines', () => {
    const out: string[] = [];
    const s = createPlainLogStream((x) => out.push(x), false);
    s.write(`${JSON.stringify({ level: 40, time: t, msg: 'a' })}\n${JSON.stringify({ level: 30, time: t, msg: 'b' })}\n`);
    expect(out).toEqual(['2026-11-21T06:05:42Z warn  a\n', '2026-11-21T06:05:42Z info  b\n']);
  });
});

describe('log lines cannot be forged', () => {
  const t = Date.parse('2026-12-03T10:00:00Z');
  it('escapes newlines and control characters in the message, fields, URLs and errors', () => {
    const evil = 'laptop\n2026-12-03T10:00:00Z info  admin@localhost signed in\r\u001b[2K';
    const msg = formatLogLine(
      JSON.stringify({ level: 30, time: t, msg: `alert-opened: Antivirus on ${evil}`, hostname2: evil, deviceId: 'd-1' }),
      false,
    )!;
    expect(msg.split('\n')).toHaveLength(1);
    expect(msg).toBe(
      '2026-12-03T10:00:00Z info  alert-opened: Antivirus on laptop\\n2026-12-03T10:00:00Z info  admin@localhost signed in\\r\\u001b[2K' +
        ' (hostname2="laptop\\n2026-12-03T10:00:00Z info  admin@localhost signed in\\r\\u001b[2K", deviceId=d-1)',
    );
    const err = formatLogLine(JSON.stringify({ level: 50, time: t, msg: 'failed', err: { message: 'bad\nthing' } }), false)!;
    expect(err).toBe('2026-12-03T10:00:00Z error failed: bad\\nthing');
    const req = formatLogLine(
      JSON.stringify({ level: 30, time: t, msg: 'request completed', req: { method: 'GET', url: '/x\n2026 forged' }, res: { statusCode: 500 } }),
      false,
    )!;
    expect(req.split('\n')).toHaveLength(1);
    expect(req).toContain('/x\\n2026 forged');
    // A value cannot pretend to close the field list and start another.
    expect(formatLogLine(JSON.stringify({ level: 30, time: t, msg: 'm', a: 'x), b=(y' }), false)).toBe('2026-12-03T10:00:00Z info  m (a="x), b=(y")');
  });
});
