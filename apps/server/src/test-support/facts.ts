/** Builders of valid protocol facts for server tests (not part of the build). */
import type { FactsInput } from '@safefleet/protocol';

const DAY = 24 * 60 * 60 * 1000;
const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString();

/** A Linux laptop meeting every CAUK control at `now`; groups can be replaced by `patch`. */
export function buildFacts(patch: Partial<FactsInput> = {}, now: Date = new Date()): FactsInput {
  return {
    collectedAt: now.toISOString(),
    agentVersion: '0.1.0',
    os: { status: 'ok', platform: 'linux', distro: 'Debian GNU/Linux', release: '12', hostname: 'yw-laptop-01' },
    antivirus: {
      status: 'ok',
      products: [
        {
          name: 'Microsoft Defender for Endpoint',
          enabled: true,
          realTime: true,
          antispyware: true,
          signaturesUpToDate: true,
          signaturesUpdatedAt: before(now, 1),
        },
      ],
    },
    updates: { status: 'ok', pendingCount: 0, securityPendingCount: 0, lastInstalledAt: before(now, 2), source: 'apt', pending: [] },
    accounts: {
      status: 'ok',
      accounts: [{ username: 'sam', isHuman: true, passwordLastSetAt: before(now, 10), mustChangeAtNextLogin: false }],
    },
    apps: { status: 'ok', apps: [{ name: 'Firefox', id: 'firefox-esr', source: 'dpkg' }] },
    encryption: { status: 'ok', volumes: [{ mount: '/', encrypted: true, method: 'LUKS', isSystem: true }] },
    screenLock: { status: 'ok', users: [{ user: 'sam', lockEnabled: true, idleSeconds: 300, source: 'gnome' }] },
    ...patch,
  };
}

/** Facts failing social-apps (Signal installed) and disk-encryption. */
export function buildNoncompliantFacts(now: Date = new Date()): FactsInput {
  return buildFacts(
    {
      apps: { status: 'ok', apps: [{ name: 'signal-desktop', id: 'signal-desktop', source: 'dpkg' }] },
      encryption: { status: 'ok', volumes: [{ mount: '/', encrypted: false, isSystem: true }] },
    },
    now,
  );
}
