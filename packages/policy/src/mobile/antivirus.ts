import type { Finding } from '@safefleet/protocol';
import { finding, groupProblem } from '../controls/finding.js';
import type { ControlInput } from '../types.js';
import { isApple, osName } from './words.js';

type Control = 'antivirus' | 'antispyware';

/**
 * antivirus / antispyware for tablets and phones. iPadOS and iOS: not applicable, said in words
 * (a pass with details.notApplicable, never a silent one): Apple allows no antivirus apps, and each
 * app runs in its own sandbox. Android: the MDM's threat verdict (Google "compromised status",
 * Intune jailbreak / partner threat state) where reported; unknown otherwise.
 */
export function checkMobileThreats(control: Control, input: ControlInput): Finding {
  const { facts } = input;
  const name = osName(facts.os.platform);
  const what = control === 'antivirus' ? 'Antivirus' : 'Anti-spyware';
  if (isApple(facts.os.platform)) {
    return finding(
      control,
      input,
      'pass',
      `${what}: not applicable on ${name}. Apple allows no antivirus or anti-spyware apps: every app runs in its own sandbox and comes from the App Store, so this counts as met. A jailbroken device loses that protection.`,
      {
        details: { notApplicable: true, platform: facts.os.platform },
        resolution: 'Nothing to install. Keep the device on the current version and only install apps from the App Store.',
      },
    );
  }
  const problem = groupProblem(facts.antivirus, 'threat protection on this device');
  if (problem) return finding(control, input, 'unknown', problem);
  const integrity = facts.antivirus.integrity;
  const details = { compromised: integrity?.compromised ?? null, source: integrity?.source ?? null };
  const said = integrity?.detail ? ` (${integrity.detail})` : '';
  if (integrity?.compromised === true) {
    return finding(
      control,
      input,
      'fail',
      `${integrity.source} reports this ${name} device as compromised${said}: rooted or tampered with, so Google Play Protect cannot be trusted to protect it.`,
      {
        details,
        resolution: 'Stop using the device for work and give it to your IT lead: it needs to be reset to factory settings.',
      },
    );
  }
  if (integrity?.compromised === false) {
    return finding(
      control,
      input,
      'pass',
      `${integrity.source} reports this ${name} device is not compromised${said}; Google Play Protect, built into Android, scans its apps.`,
      { details },
    );
  }
  return finding(
    control,
    input,
    'unknown',
    `Nothing reports the threat state of this ${name} device: Google Play Protect is built in, but Safefleet can only see its verdict through Google Workspace or Intune.`,
    {
      details,
      resolution:
        'Ask your IT lead to connect Google Workspace or Microsoft Intune, which report whether the device is compromised. On the device, open the Play Store > profile > Play Protect and make sure it is on.',
    },
  );
}
