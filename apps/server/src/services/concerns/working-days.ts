/** Whole minutes from a to b (null when b is null). */
export function minutesBetween(a: string, b: string | null): number | null {
  if (b === null) return null;
  return Math.max(0, Math.round((new Date(b).getTime() - new Date(a).getTime()) / 60_000));
}
