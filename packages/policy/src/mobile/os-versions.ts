/**
 * The shipped, dated table of current tablet and phone operating systems. The console compares a
 * tablet's reported version with it (os-updates for tablets). It only knows releases up to
 * OS_TABLE_DATE: the reason says so once the table is old, so a newer release is never claimed.
 *
 * Update it with each Safefleet release: Apple's security releases page (support.apple.com/100100)
 * and the Android security bulletins (source.android.com/docs/security/bulletin).
 */

export const OS_TABLE_DATE = '2026-07-01';

/*
 * What the table rests on (checked 2026-12-03; nothing newer could be confirmed then, so the table
 * is dated by its newest fact, not by the day it was checked, and os-updates says it is old):
 * - iOS and iPadOS 26.5, released 11 May 2026 (Apple's security notes for 26.5). 26.5.2 exists, but
 *   no release date could be confirmed: any 26.5.x counts as current. iOS 27 was not confirmed.
 * - iOS and iPadOS 18: 18.7.2 (3 Nov 2025) is the newest 18.x release found.
 * - Android 17 released 16 June 2026 with security patch level 2026-07-01 (Android 17 security
 *   release notes); the July 2026 bulletin is the newest found.
 * - Android 13: Google stopped its security patches in March 2026 (no longer in the bulletins).
 */

export interface AppleRelease {
  /** Major version, e.g. 26. */
  major: number;
  /** Newest release of that major version, e.g. "26.5". */
  latest: string;
  /** When Apple released `latest`, YYYY-MM-DD. */
  releasedAt: string;
}

/** iPadOS and iOS share version numbers. Majors not listed no longer get security updates. */
export const APPLE_RELEASES: AppleRelease[] = [
  { major: 26, latest: '26.5', releasedAt: '2026-05-11' },
  { major: 18, latest: '18.7.2', releasedAt: '2025-11-03' },
];

export interface AndroidRelease {
  major: number;
  /** Newest monthly security patch level published for it, YYYY-MM-DD. */
  latestPatch: string;
}

/** Android versions that still receive security patches; older ones do not. */
export const ANDROID_RELEASES: AndroidRelease[] = [
  { major: 17, latestPatch: '2026-07-01' },
  { major: 16, latestPatch: '2026-07-01' },
  { major: 15, latestPatch: '2026-07-01' },
  { major: 14, latestPatch: '2026-07-01' },
];

/** "26.0.1" → [26, 0, 1]; null when not a version. */
export function parseVersion(v: string): number[] | null {
  const m = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v);
  if (!m) return null;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** -1, 0, 1 like a comparator. */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
