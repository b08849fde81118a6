import type { Finding } from '@safefleet/protocol';
import { finding, groupProblem } from '../controls/finding.js';
import type { ControlInput } from '../types.js';
import { addDays, ageInDays, isoDate, parseDate } from '../util/dates.js';
import { plural, sentences } from '../util/text.js';
import { ANDROID_RELEASES, APPLE_RELEASES, OS_TABLE_DATE, compareVersions, parseVersion } from './os-versions.js';
import { isApple, osName, reporter } from './words.js';

/** Past this age the reason says the version table may not know the newest release. */
const TABLE_OLD_DAYS = 120;

function tableNote(now: Date): string | null {
  const age = ageInDays(new Date(`${OS_TABLE_DATE}T00:00:00Z`), now);
  return age > TABLE_OLD_DAYS
    ? `Safefleet’s table of current versions is dated ${OS_TABLE_DATE}; newer releases since then are not known to it, so update Safefleet.`
    : null;
}

function patchDate(value: string | undefined): Date | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value.trim());
  if (!m) return null;
  return parseDate(`${m[1]}-${m[2]}-${m[3] ?? '01'}T00:00:00Z`);
}

/**
 * os-updates for tablets and phones: the OS version is current by the shipped table, or (Android)
 * the security patch level is no older than osUpdates.maxPatchAgeDays. An Apple release older than
 * the newest of its major version is in grace for osUpdates.securityGraceDays after that release.
 */
export function checkMobileOsUpdates(input: ControlInput): Finding {
  const { facts, policy, now, device } = input;
  const os = facts.os;
  const name = osName(os.platform);
  const who = reporter(device);
  const problem = groupProblem(os, 'the operating system version');
  if (problem) return finding('os-updates', input, 'unknown', problem);
  const note = tableNote(now);
  const version = parseVersion(os.release);
  const base = { osVersion: os.release || null, securityPatch: os.securityPatch ?? null, tableDate: OS_TABLE_DATE };

  if (os.platform === 'android') {
    const maxAge = policy.osUpdates.maxPatchAgeDays;
    const supported = version ? ANDROID_RELEASES.find((r) => r.major === version[0]) : undefined;
    const newest = Math.max(...ANDROID_RELEASES.map((r) => r.major));
    if (version && !supported && version[0]! < newest) {
      return finding(
        'os-updates',
        input,
        'fail',
        sentences(
          `${who} reports Android ${os.release}, which no longer receives security updates (Android ${Math.min(...ANDROID_RELEASES.map((r) => r.major))} or newer does).`,
          note,
        ),
        { details: base },
      );
    }
    const patch = patchDate(os.securityPatch);
    if (patch) {
      const age = ageInDays(patch, now);
      const details = { ...base, patchAgeDays: age, maxPatchAgeDays: maxAge };
      if (age <= maxAge) {
        return finding(
          'os-updates',
          input,
          'pass',
          sentences(
            `${who} reports Android ${os.release || '(version not given)'} with security patch level ${isoDate(patch)}, within the ${maxAge} days allowed.`,
          ),
          { details },
        );
      }
      return finding(
        'os-updates',
        input,
        'fail',
        sentences(
          `${who} reports Android security patch level ${isoDate(patch)}, ${plural(age, 'day')} old (the limit is ${maxAge} days).`,
          `Android ${os.release || '(version not given)'} needs its updates installed.`,
        ),
        { details },
      );
    }
    if (version && version[0]! >= newest) {
      return finding(
        'os-updates',
        input,
        'pass',
        sentences(`${who} reports Android ${os.release}, the newest version; the security patch level was not reported.`, note),
        { details: base },
      );
    }
    return finding(
      'os-updates',
      input,
      'unknown',
      sentences(
        version
          ? `${who} reports Android ${os.release}, but not its security patch level, so Safefleet cannot tell whether updates are installed.`
          : `${who} did not report the Android version or security patch level.`,
        note,
      ),
      { details: base },
    );
  }

  if (!isApple(os.platform)) return finding('os-updates', input, 'unknown', `Safefleet has no version table for ${name}.`);
  if (!version) return finding('os-updates', input, 'unknown', `${who} did not report the ${name} version.`, { details: base });
  const release = APPLE_RELEASES.find((r) => r.major === version[0]);
  const newestMajor = Math.max(...APPLE_RELEASES.map((r) => r.major));
  if (!release) {
    if (version[0]! > newestMajor) {
      return finding(
        'os-updates',
        input,
        'pass',
        sentences(`${who} reports ${name} ${os.release}, newer than any version Safefleet’s table knows.`, note),
        { details: base },
      );
    }
    return finding(
      'os-updates',
      input,
      'fail',
      sentences(
        `${who} reports ${name} ${os.release}, which no longer receives security updates: update to ${name} ${APPLE_RELEASES[0]!.latest}.`,
        note,
      ),
      { details: base },
    );
  }
  const latest = parseVersion(release.latest)!;
  if (compareVersions(version, latest) >= 0) {
    return finding(
      'os-updates',
      input,
      'pass',
      sentences(`${who} reports ${name} ${os.release}, the current release of ${name} ${release.major}.`, note),
      { details: base },
    );
  }
  const released = new Date(`${release.releasedAt}T00:00:00Z`);
  const dueAt = addDays(released, policy.osUpdates.securityGraceDays);
  const details = { ...base, latest: release.latest, latestReleasedAt: release.releasedAt };
  if (now <= dueAt) {
    return finding(
      'os-updates',
      input,
      'grace',
      sentences(
        `${who} reports ${name} ${os.release}; ${name} ${release.latest} was released on ${release.releasedAt}: install it by ${isoDate(dueAt)}.`,
        note,
      ),
      { dueAt, details },
    );
  }
  return finding(
    'os-updates',
    input,
    'fail',
    sentences(
      `${who} reports ${name} ${os.release}, but ${name} ${release.latest} was released on ${release.releasedAt}, more than ${plural(policy.osUpdates.securityGraceDays, 'day')} ago.`,
      note,
    ),
    { details },
  );
}
