/**
 * Plain log lines for people: "2026-11-21T06:05:42Z info  agent disconnected (deviceId=…)".
 * Fastify's logger (pino) writes one JSON object per line; this stream turns each into one readable
 * line. Per-request lines are left out unless the request failed on the server (5xx) or the level
 * is debug. SAFEFLEET_LOG_FORMAT=json keeps pino's JSON for log collectors.
 */
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const SKIP_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'err', 'responseTime', 'v']);

interface PinoLine {
  level?: number;
  time?: number;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  err?: { message?: string; stack?: string };
  responseTime?: number;
  [key: string]: unknown;
}

function stamp(ms: number | undefined): string {
  return new Date(ms ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function extras(line: PinoLine): string {
  const parts = Object.entries(line)
    .filter(([k, v]) => !SKIP_KEYS.has(k) && v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Formats one pino JSON line; returns null for lines people do not need. */
export function formatLogLine(json: string, showRequests: boolean): string | null {
  let line: PinoLine;
  try {
    line = JSON.parse(json) as PinoLine;
  } catch {
    return json.trimEnd() || null;
  }
  const level = LEVELS[line.level ?? 30] ?? 'info';
  if (line.msg === 'incoming request') return null;
  if (line.msg === 'request completed') {
    const status = line.res?.statusCode ?? 0;
    if (!showRequests && status < 500) return null;
    const ms = typeof line.responseTime === 'number' ? ` (${Math.round(line.responseTime)} ms)` : '';
    return `${stamp(line.time)} ${level.padEnd(5)} ${line.req?.method ?? ''} ${line.req?.url ?? ''} → ${status}${ms}`;
  }
  const err = line.err?.message ? `: ${line.err.message}` : '';
  return `${stamp(line.time)} ${level.padEnd(5)} ${line.msg ?? ''}${err}${extras(line)}`;
}

/** A pino destination that writes formatted lines with `write`. */
export function createPlainLogStream(write: (text: string) => void, showRequests: boolean): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      for (const json of chunk.split('\n')) {
        if (!json.trim()) continue;
        const text = formatLogLine(json, showRequests);
        if (text) write(`${text}\n`);
      }
    },
  };
}
