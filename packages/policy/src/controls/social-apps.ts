import { APP_CATEGORIES, type AppSource, type Finding, type PolicyException } from '@safefleet/protocol';
import { matchCatalogue } from '../catalogue/match.js';
import type { CatalogueMatch } from '../catalogue/types.js';
import type { ControlInput, DeviceContext } from '../types.js';
import { isoDate, parseDate } from '../util/dates.js';
import { joinList, joinSome, plural, q, sentences } from '../util/text.js';
import { finding, groupProblem } from './finding.js';

/** Where an app came from, in words for people. */
const SOURCE_WORDS: Record<AppSource, string> = {
  dpkg: 'Debian/Ubuntu package',
  rpm: 'Fedora/Red Hat package',
  snap: 'Snap package',
  flatpak: 'Flatpak app',
  desktop: 'Linux app shortcut',
  win32: 'Windows program',
  store: 'Microsoft Store app',
  macapp: 'Mac app',
  android: 'Android app',
  ios: 'iPhone/iPad app',
  other: 'app',
};

const norm = (s: string) => s.trim().toLowerCase();

/** The exception covers this device: by device id, or by the keeper's role (case-insensitive, trimmed). */
function scopeMatches(exception: PolicyException, device: DeviceContext): boolean {
  const scope = exception.scope;
  if (scope.kind === 'device') return device.deviceId !== undefined && scope.deviceId === device.deviceId;
  return typeof device.keeperRole === 'string' && norm(device.keeperRole) !== '' && norm(scope.role) === norm(device.keeperRole);
}

/** Exceptions in force now for this device, with their end dates. */
export function activeExceptions(exceptions: PolicyException[], device: DeviceContext, now: Date) {
  return exceptions
    .map((e) => ({ exception: e, expiresAt: parseDate(e.expiresAt) }))
    .filter((x): x is { exception: PolicyException; expiresAt: Date } => x.expiresAt !== null && x.expiresAt > now)
    .filter((x) => scopeMatches(x.exception, device));
}

function describeInstall(m: CatalogueMatch): string {
  const { app } = m;
  const parts = [`${SOURCE_WORDS[app.source]} ${q(app.name)}`];
  if (app.id !== app.name && app.id !== m.identifier) parts.push(`id ${app.id}`);
  parts.push(`matched ${m.identifier}`);
  if (app.user) parts.push(`installed for ${q(app.user)}`);
  return parts.join(', ');
}

/** "Signal (Debian/Ubuntu package 'Signal', matched signal-desktop; Flatpak app …)", one per app. */
function describeApps(matches: CatalogueMatch[]): string[] {
  const byEntry = new Map<string, CatalogueMatch[]>();
  for (const m of matches) byEntry.set(m.entry.id, [...(byEntry.get(m.entry.id) ?? []), m]);
  return [...byEntry.values()].map((ms) => `${ms[0]!.entry.name} (${ms.map(describeInstall).join('; ')})`);
}

/** "social media or messaging apps", or the categories checked when the organisation narrowed them. */
function checkedWords(categories: readonly string[]): string {
  return categories.length === APP_CATEGORIES.length
    ? 'social media or messaging apps'
    : `apps of the kinds this organisation checks (${joinList([...categories])})`;
}

/** "Microsoft Teams is an approved work channel …", "WhatsApp allowed by exception until 2026-03-01 (for the role 'Youth worker')." */
function allowedSentence(name: string, channel: boolean, allowed: { exception: PolicyException; expiresAt: Date } | undefined): string {
  if (channel || !allowed) return `${name} is an approved work channel of this organisation.`;
  const scope = allowed.exception.scope;
  const who = scope.kind === 'role' ? ` (for the role ${q(scope.role)})` : '';
  return `${name} allowed by exception until ${isoDate(allowed.expiresAt)}${who}.`;
}

/**
 * social-apps: no installed app is a catalogue entry in policy.socialApps.categories, except those
 * an unexpired exception allows for this device or the keeper's role, or work-collaboration channels
 * the organisation approved (policy.approvedChannels).
 */
export function checkSocialApps(input: ControlInput): Finding {
  const { facts, policy, exceptions, now, device } = input;
  const group = facts.apps;
  const problem = groupProblem(group, 'the apps installed on this device');
  if (problem) return finding('social-apps', input, 'unknown', problem);

  const categories = policy.socialApps.categories;
  if (categories.length === 0) {
    return finding('social-apps', input, 'unknown', 'This organisation’s policy checks no app categories, so apps were not checked.', {
      details: { found: [] },
    });
  }

  const active = activeExceptions(exceptions, device, now);
  const allowedBy = (entryId: string) =>
    active.filter((a) => a.exception.appIds.some((id) => norm(id) === entryId)).sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime())[0];

  const approved = new Set(policy.approvedChannels.appIds.map(norm));
  const matches = matchCatalogue(group.apps, categories);
  const found = matches.map((m) => {
    const channel = m.entry.category === 'work-collaboration' && approved.has(m.entry.id);
    const allowed = channel ? undefined : allowedBy(m.entry.id);
    const scope = allowed?.exception.scope;
    return {
      match: m,
      allowed,
      channel,
      detail: {
        appId: m.entry.id,
        name: m.entry.name,
        category: m.entry.category,
        matchedBy: m.matchedBy,
        identifier: m.identifier,
        source: m.app.source,
        appName: m.app.name,
        installedId: m.app.id,
        ...(m.app.user ? { user: m.app.user } : {}),
        ...(allowed ? { allowedByException: allowed.exception.id, allowedUntil: allowed.expiresAt.toISOString() } : {}),
        ...(scope?.kind === 'role' ? { allowedForRole: scope.role } : {}),
        ...(channel ? { approvedChannel: true } : {}),
      },
    };
  });
  const details = { categories, found: found.map((f) => f.detail) };

  // One sentence per allowed app (several installs of the same app are said once).
  const allowedSentences = [
    ...new Map(
      found.filter((f) => f.allowed || f.channel).map((f) => [f.match.entry.id, allowedSentence(f.match.entry.name, f.channel, f.allowed)]),
    ).values(),
  ];
  const notAllowed = found.filter((f) => !f.allowed && !f.channel).map((f) => f.match);

  if (notAllowed.length > 0) {
    const described = describeApps(notAllowed);
    return finding(
      'social-apps',
      input,
      'fail',
      sentences(
        `Found ${plural(described.length, 'social media or messaging app')} not allowed by this organisation’s policy: ${joinSome(described)}.`,
        ...allowedSentences,
      ),
      { details },
    );
  }
  if (group.truncated) {
    return finding(
      'social-apps',
      input,
      'unknown',
      sentences('The list of installed apps was too long to send in full, so Safefleet could not check every app.', ...allowedSentences),
      { details },
    );
  }
  return finding(
    'social-apps',
    input,
    'pass',
    sentences(
      allowedSentences.length > 0
        ? `No ${checkedWords(categories)} are installed other than those allowed by exception or approved as work channels.`
        : `No ${checkedWords(categories)} are installed.`,
      ...allowedSentences,
    ),
    { details },
  );
}
