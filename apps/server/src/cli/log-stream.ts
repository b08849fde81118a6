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

/**
 * Text from the outside world (a device's hostname, a URL, an error message) made safe for one log
 * line: control characters (newline, carriage return, escape sequences, NUL, DEL, the Unicode line
 * separators) are written as escapes, so nobody can forge or hide console log lines.
 */
export function escapeLogText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A field value: bare when plain, else JSON-quoted (escaped, and a "," or ")" cannot fake another field). */
function fieldValue(v: unknown): string {
  const text = String(v);
  return /^[\w.:/@+-]*$/.test(text)
    ? text
    : JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function extras(line: PinoLine): string {
  const parts = Object.entries(line)
    .filter(([k, v]) => !SKIP_KEYS.has(k) && v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${escapeLogText(k)}=${fieldValue(v)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Formats one pino JSON line; returns null for lines people do not need. */
export function formatLogLine(json: string, showRequests: boolean): string | null {
  let line: PinoLine;
  try {
    line = JSON.parse(json) as PinoLine;
  } catch {
    return escapeLogText(json.trimEnd()) || null;
  }
  const level = LEVELS[line.level ?? 30] ?? 'info';
  if (line.msg === 'incoming request') return null;
  if (line.msg === 'request completed') {
    const status = line.res?.statusCode ?? 0;
    if (!showRequests && status < 500) return null;
    const ms = typeof line.responseTime === 'number' ? ` (${Math.round(line.responseTime)} ms)` : '';
    return `${stamp(line.time)} ${level.padEnd(5)} ${escapeLogText(String(line.req?.method ?? ''))} ${escapeLogText(String(line.req?.url ?? ''))} → ${status}${ms}`;
  }
  const err = line.err?.message ? `: ${escapeLogText(String(line.err.message))}` : '';
  return `${stamp(line.time)} ${level.padEnd(5)} ${escapeLogText(String(line.msg ?? ''))}${err}${extras(line)}`;
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
