/** Builders for tests: real facts parsed through the protocol schemas, so defaults apply. */
import { Facts, PolicyException, PolicySettings, type FactsInput, type PolicySettingsInput } from '@safefleet/protocol';
import type { ControlInput, DeviceContext } from '../types.js';

export const NOW = new Date('2026-11-21T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

/** ISO timestamp `days` (may be fractional) before NOW. */
export function daysBefore(days: number, from: Date = NOW): string {
  return new Date(from.getTime() - days * DAY).toISOString();
}

export function hoursBefore(hours: number, from: Date = NOW): Date {
  return new Date(from.getTime() - hours * 60 * 60 * 1000);
}

/** A Windows 11 laptop that meets every CAUK control. */
export function compliantInput(): FactsInput {
  return {
    collectedAt: NOW.toISOString(),
    agentVersion: '0.1.0',
    os: { status: 'ok', platform: 'win32', distro: 'Windows 11 Pro', release: '23H2', hostname: 'YW-LAPTOP-03' },
    antivirus: {
      status: 'ok',
      products: [
        {
          name: 'Microsoft Defender Antivirus',
          enabled: true,
          realTime: true,
          antispyware: true,
          signaturesUpToDate: true,
          signaturesUpdatedAt: daysBefore(1),
          source: 'Get-MpComputerStatus',
        },
      ],
    },
    updates: { status: 'ok', pendingCount: 0, securityPendingCount: 0, lastInstalledAt: daysBefore(3), source: 'windows-update' },
    accounts: {
      status: 'ok',
      accounts: [
        { username: 'sam', isHuman: true, passwordLastSetAt: daysBefore(10), mustChangeAtNextLogin: false },
        { username: 'Administrator', isHuman: false, passwordLastSetAt: null, mustChangeAtNextLogin: false },
      ],
    },
    apps: {
      status: 'ok',
      apps: [
        { name: 'Notepad++ (64-bit x64)', id: 'Notepad++', source: 'win32' },
        { name: 'Microsoft Edge', id: 'Microsoft Edge', source: 'win32' },
        { name: 'Windows Terminal', id: 'Microsoft.WindowsTerminal_8wekyb3d8bbwe', source: 'store' },
      ],
    },
    encryption: {
      status: 'ok',
      volumes: [{ mount: 'C:', encrypted: true, method: 'BitLocker XTS-AES 128', isSystem: true, detail: 'Protection On' }],
    },
    screenLock: { status: 'ok', users: [{ user: 'sam', lockEnabled: true, idleSeconds: 300, lockDelaySeconds: 0, source: 'windows-policy' }] },
  };
}

/** Compliant facts with whole groups replaced, parsed with Facts.parse. */
export function buildFacts(patch: Partial<FactsInput> = {}): Facts {
  return Facts.parse({ ...compliantInput(), ...patch });
}

export function buildPolicy(patch: PolicySettingsInput = {}): PolicySettings {
  return PolicySettings.parse(patch);
}

/** An approved exception valid for a year from NOW unless overridden. */
export function buildException(patch: Partial<PolicyException> & Pick<PolicyException, 'appIds' | 'scope'>): PolicyException {
  return PolicyException.parse({
    id: 'exc-1',
    riskAssessment: 'Needed to contact young people’s parents; DSL reviewed.',
    approvedBy: 'dsl@example.org',
    createdAt: daysBefore(30),
    expiresAt: '2027-05-01T00:00:00.000Z',
    ...patch,
  });
}

/** A rule's whole input from patches; everything not given is compliant / default. */
export function buildInput(
  patch: Partial<FactsInput> = {},
  opts: { policy?: PolicySettingsInput; exceptions?: PolicyException[]; device?: DeviceContext; now?: Date } = {},
): ControlInput {
  return {
    facts: buildFacts(patch),
    policy: buildPolicy(opts.policy),
    exceptions: opts.exceptions ?? [],
    now: opts.now ?? NOW,
    device: opts.device ?? {},
  };
}
