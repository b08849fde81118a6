/** Wording helpers so every reason reads like a sentence. */

/** Longest reason/resolution the protocol accepts (Finding.reason max 4,000). */
export const MAX_TEXT = 4_000;

/** "1 account", "3 accounts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Lists at most `max` items, then "and N more". */
export function joinSome(items: readonly string[], max = 10): string {
  if (items.length <= max) return joinList(items);
  return joinList([...items.slice(0, max), `${items.length - max} more`]);
}

/** Joins sentences and keeps the result within the protocol's limit. */
export function sentences(...parts: (string | null | undefined | false)[]): string {
  return clip(parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' '));
}

export function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Quotes a name the way reasons show it: 'sam'. */
export function q(name: string): string {
  return `'${name}'`;
}

/** "15 minutes", "1 minute 30 seconds", "45 seconds". */
export function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return plural(s, 'second');
  return s === 0 ? plural(m, 'minute') : `${plural(m, 'minute')} ${plural(s, 'second')}`;
}
