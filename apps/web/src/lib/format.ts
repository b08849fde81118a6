import { PLATFORM_LABELS } from '@safefleet/protocol';

const DAY = 86_400_000;

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "21 Nov 2026" (UTC day), or "—" for null. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

/** "21 Nov 2026, 08:15" in the viewer's time zone, or "—". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago"; "never" for null. */
export function timeAgo(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now.getTime() - t) / 1000));
  if (s < 60) return 'just now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.floor(s / 86_400);
  return `${d} days ago`;
}

/** Whole days between an ISO time and now (rounded down), or null. */
export function ageDays(iso: string | null | undefined, now: Date = new Date()): number | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : Math.floor((now.getTime() - t) / DAY);
}

export function platformLabel(platform: string): string {
  return (PLATFORM_LABELS as Record<string, string>)[platform] ?? platform;
}

/** YYYY-MM-DD of a Date in UTC. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Q4 2026 (October to December)": the calendar quarter of a date, in local time. */
export function quarterLabel(d: Date): string {
  const q = Math.floor(d.getMonth() / 3);
  return `Q${q + 1} ${d.getFullYear()} (${MONTH_NAMES[q * 3]} to ${MONTH_NAMES[q * 3 + 2]})`;
}

/** Who did something, from an actor string: "user:sam@x.org" → "sam@x.org"; "system" → "Safefleet". */
export function actorWords(actor: string): string {
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor === 'system') return 'Safefleet';
  if (actor === 'cli') return 'Command line';
  if (actor.startsWith('device:')) return `Device ${actor.slice(7)}`;
  return actor;
}
