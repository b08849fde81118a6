import { CONTROLS, type ControlId, type ControlSettings } from '@safefleet/protocol';
import type { ControlDefinition } from '../types.js';

/** Id, title, description and settings come from the control's module in @safefleet/protocol. */
function fromModule(id: ControlId): Pick<ControlDefinition, 'id' | 'title' | 'description' | 'settings'> {
  const c = CONTROLS[id];
  const s: ControlSettings | null = c.settings;
  const settings = s ? [...Object.keys(s.numbers).map((key) => `${s.group}.${key}`), ...(s.lists ?? [])] : [];
  return { id, title: c.title, description: c.description, settings };
}

/**
 * The CAUK online-safety policy pack: one definition per control, in CONTROL_IDS order.
 * Clause wording is paraphrased from the charity's policy; thresholds live in PolicySettings
 * (defaults are CAUK's) and each definition names the settings that change it.
 */

const ASK_IT = 'If you are not sure how, ask your IT lead.';

const antivirusClause = 'Antivirus and anti-spyware software must be installed on every device and kept up to date.';

const securelyStoredClause =
  'Devices must be securely stored, so that children’s and staff information on them stays safe if a device is lost, stolen or left unattended.';

export const CAUK_CONTROLS: ControlDefinition[] = [
  {
    ...fromModule('antivirus'),
    clause: antivirusClause,
    resolution: `Make sure an antivirus program is installed, switched on and updating itself. On Windows use Windows Security; on a Mac, update macOS (its built-in protection updates with it) or the antivirus your organisation chose; on Linux, install ClamAV with its updater (freshclam). ${ASK_IT}`,
    resolutionByPlatform: {
      win32: `Open Windows Security from the Start menu, choose Virus & threat protection and make sure protection is turned on, then click Protection updates and Check for updates. If your organisation uses another antivirus, open it and update it instead. ${ASK_IT}`,
      darwin: `Open the antivirus your organisation uses, make sure it is switched on and click its update button. Also open System Settings > General > Software Update and turn on automatic updates, which keep the Mac’s built-in protection current. ${ASK_IT}`,
      linux: `Ask your IT lead to install ClamAV and keep its updater running (on Debian or Ubuntu: sudo apt install clamav clamav-freshclam). The device needs to be online regularly so the virus definitions can update.`,
    },
  },
  {
    ...fromModule('antispyware'),
    clause: antivirusClause,
    resolution: `Make sure the security program on this device is switched on and protects against spyware as well as viruses. Microsoft Defender on Windows and ClamAV on Linux both do. ${ASK_IT}`,
    resolutionByPlatform: {
      win32: `Open Windows Security from the Start menu, choose Virus & threat protection and make sure protection is turned on: Microsoft Defender covers spyware as well as viruses. If another product is installed, check with your IT lead that it covers spyware too.`,
      darwin: `Make sure the security program your organisation uses is installed and switched on, and that it protects against spyware. ${ASK_IT}`,
      linux: `Ask your IT lead to install ClamAV and keep its updater running: its definitions also detect spyware and unwanted programs.`,
    },
  },
  {
    ...fromModule('os-updates'),
    clause: 'Every device’s operating system must be kept updated.',
    resolution: `Install the updates the device offers and restart it when asked: Windows Update on Windows, Software Update on a Mac, the Software Updater (or Software app) on Linux. ${ASK_IT}`,
    resolutionByPlatform: {
      win32: `Open Settings > Windows Update, click Check for updates, install everything offered and restart the computer when asked. ${ASK_IT}`,
      darwin: `Open System Settings > General > Software Update, install the updates offered and restart when asked. ${ASK_IT}`,
      linux: `Open Software Updater (Ubuntu) or Software > Updates (Fedora and other GNOME desktops), install the updates and restart when asked. Your IT lead can also run sudo apt upgrade or sudo dnf upgrade.`,
    },
  },
  {
    ...fromModule('password-age'),
    clause: 'Passwords must be changed at least every quarter.',
    resolution: `Change the password of each account named above, choosing a new one you have not used before. Accounts run by Microsoft or your organisation (for example a work or school account) are changed through that service. ${ASK_IT}`,
    resolutionByPlatform: {
      win32: `Sign in as the account named above, press Ctrl+Alt+Delete and choose Change a password. If you sign in with a Microsoft account or a work account, change it at account.microsoft.com or as your organisation tells you. ${ASK_IT}`,
      darwin: `Open System Settings > Users & Groups, click the info button next to the account named above and choose Change Password. ${ASK_IT}`,
      linux: `Open Settings > Users (or System Settings > Users), choose the account named above and change its password, or type passwd in a terminal while signed in as that account. ${ASK_IT}`,
    },
  },
  {
    ...fromModule('social-apps'),
    clause: 'No social media or messaging apps may be installed on a device unless they are appropriate to the keeper’s role.',
    resolution:
      'Uninstall the apps named above. If the keeper needs one of them for their role, the DSL or IT lead can approve an exception in the console, with a risk assessment and an end date.',
    resolutionByPlatform: {
      win32:
        'Open Settings > Apps > Installed apps, find each app named above, click the three dots next to it and choose Uninstall. If the keeper needs one of them for their role, the DSL or IT lead can approve an exception in the console, with a risk assessment and an end date.',
      darwin:
        'Open Finder > Applications, drag each app named above to the Bin and empty the Bin. If the keeper needs one of them for their role, the DSL or IT lead can approve an exception in the console, with a risk assessment and an end date.',
      linux:
        'Open the Software app (Ubuntu Software, GNOME Software or Discover), find each app named above and click Remove; your IT lead can also remove it with apt, dnf, snap or flatpak. If the keeper needs one of them for their role, the DSL or IT lead can approve an exception in the console, with a risk assessment and an end date.',
    },
  },
  {
    ...fromModule('disk-encryption'),
    clause: securelyStoredClause,
    resolution: `Turn on disk encryption: BitLocker or Device encryption on Windows, FileVault on a Mac. On Linux encryption is chosen when the system is installed. Keep the recovery key somewhere safe and give your IT lead a copy. ${ASK_IT}`,
    resolutionByPlatform: {
      win32: `Open Settings > Privacy & security > Device encryption (or Control Panel > BitLocker Drive Encryption) and turn it on. Keep the recovery key somewhere safe and give your IT lead a copy. ${ASK_IT}`,
      darwin: `Open System Settings > Privacy & Security > FileVault and click Turn On. Keep the recovery key somewhere safe and give your IT lead a copy. ${ASK_IT}`,
      linux:
        'Linux disk encryption (LUKS) is usually switched on when the system is installed. Ask your IT lead to back up the device and reinstall it with disk encryption turned on.',
    },
  },
  {
    ...fromModule('screen-lock'),
    clause: securelyStoredClause,
    resolution: `Set the screen to lock with a password after no more than the time named above: in Windows Settings > Accounts > Sign-in options, in macOS System Settings > Lock Screen, or in the Linux desktop’s Privacy / Screen Lock settings. ${ASK_IT}`,
    resolutionByPlatform: {
      win32: `Open Settings > System > Power & battery > Screen and sleep and set the screen to turn off after no more than the time named above; then in Settings > Accounts > Sign-in options set "If you've been away, when should Windows require you to sign in again?" to When PC wakes up from sleep. ${ASK_IT}`,
      darwin: `Open System Settings > Lock Screen, set "Turn display off when inactive" to no more than the time named above, and set "Require password after screen saver begins or display is turned off" to Immediately. ${ASK_IT}`,
      linux: `On GNOME open Settings > Privacy > Screen Lock, turn on Automatic Screen Lock, and set Settings > Power > Screen Blank to no more than the time named above. On KDE use System Settings > Screen Locking. ${ASK_IT}`,
    },
  },
  {
    ...fromModule('agent-checkin'),
    clause: 'Supports every clause above: the organisation can only show a device meets the policy if the device keeps reporting.',
    resolution: `Switch the device on, connect it to the internet and sign in. If it still has not checked in after a day, ask your IT lead to check that the Safefleet agent is installed and running.`,
    resolutionByPlatform: {},
  },
];

const byId = new Map<ControlId, ControlDefinition>(CAUK_CONTROLS.map((c) => [c.id, c]));

/** The definition of a control. Every ControlId has one (checked by a test). */
export function controlDefinition(id: ControlId): ControlDefinition {
  const def = byId.get(id);
  if (!def) throw new Error(`No definition for control ${id}`);
  return def;
}

/** Resolution for this control, in the words for the device's operating system when known. */
export function resolutionFor(id: ControlId, platform?: string): string {
  const def = controlDefinition(id);
  const steps = platform ? def.resolutionByPlatform[platform as keyof ControlDefinition['resolutionByPlatform']] : undefined;
  return steps ?? def.resolution;
}
