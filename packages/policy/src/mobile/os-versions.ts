/**
 * The shipped, dated table of current tablet and phone operating systems. The console compares a
 * tablet's reported version with it (os-updates for tablets). It only knows releases up to
 * OS_TABLE_DATE: the reason says so once the table is old, so a newer release is never claimed.
 *
 * Update it with each Safefleet release: Apple's security releases page (support.apple.com/100100)
 * and the Android security bulletins (source.android.com/docs/security/bulletin).
 */

export const OS_TABLE_DATE = '2025-11-17';

export interface AppleRelease {
  /** Major version, e.g. 26. */
  major: number;
  /** Newest release of that major version, e.g. "26.1". */
  latest: string;
  /** When Apple released `latest`, YYYY-MM-DD. */
  releasedAt: string;
}

/** iPadOS and iOS share version numbers. Majors not listed no longer get security updates. */
export const APPLE_RELEASES: AppleRelease[] = [
  { major: 26, latest: '26.1', releasedAt: '2025-11-03' },
  { major: 18, latest: '18.7.2', releasedAt: '2025-11-03' },
];

export interface AndroidRelease {
  major: number;
  /** Newest monthly security patch level published for it, YYYY-MM-DD. */
  latestPatch: string;
}

/** Android versions that still receive monthly security patches; older ones do not. */
export const ANDROID_RELEASES: AndroidRelease[] = [
  { major: 16, latestPatch: '2025-11-01' },
  { major: 15, latestPatch: '2025-11-01' },
  { major: 14, latestPatch: '2025-11-01' },
  { major: 13, latestPatch: '2025-11-01' },
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
