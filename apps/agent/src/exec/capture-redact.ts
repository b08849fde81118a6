/**
 * Privacy: some files the collectors read hold secrets. A capture stores only what the parsers
 * need from them, so a bundle is safe to send to support.
 */

export interface Redactor {
  /** Said in bundle.json and files.json, for whoever reads the bundle. */
  describe: string;
  redact(text: string): string;
}

/**
 * /etc/shadow → `username:password-state:lastchange` per line. Password hashes become
 * `$<id>$REDACTED` (or `REDACTED` for old DES hashes); the markers the parser reads are kept:
 * empty (no password), leading `!` (locked) and `*` (no password set). Fields 4–9 (min, max, warn,
 * inactive, expire) are dropped: the agent does not read them.
 */
export function redactShadow(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || !f[0] || line.startsWith('#')) continue;
    lines.push(`${f[0]}:${redactPasswordField(f[1] ?? '')}:${(f[2] ?? '').trim()}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function redactPasswordField(field: string): string {
  const m = /^([!*]*)(.*)$/s.exec(field);
  const markers = m?.[1] ?? '';
  const rest = m?.[2] ?? '';
  if (rest === '') return markers;
  if (rest.startsWith('$')) {
    const id = rest.split('$')[1] ?? '';
    return `${markers}$${/^[\w.-]{1,8}$/.test(id) ? id : 'x'}$REDACTED`;
  }
  return `${markers}REDACTED`;
}

const SHADOW: Redactor = {
  describe: '/etc/shadow: only username, password state and last-change day are kept; password hashes are replaced by $<id>$REDACTED',
  redact: redactShadow,
};

/** By machine path. Files not listed are stored as read. */
export const REDACTORS: ReadonlyMap<string, Redactor> = new Map([
  ['/etc/shadow', SHADOW],
  ['/etc/gshadow', { ...SHADOW, describe: SHADOW.describe.replace('/etc/shadow', '/etc/gshadow') }],
  ['/etc/shadow-', SHADOW],
]);
