import { CONTROLS } from '@safefleet/policy';
import type { AccountPasswordDue, Platform } from '@safefleet/protocol';
import { day, plural } from '../alerts/messages/format.js';

/** How to change a password on this kind of device (the password-age control's own words). */
export function howToChange(platform: string): string {
  const def = CONTROLS.find((c) => c.id === 'password-age');
  const byPlatform = def?.resolutionByPlatform[platform as Platform];
  return (byPlatform ?? def?.resolution ?? 'Ask your IT lead how to change your password.').replace(/the account named above/g, 'your account');
}

function whenDue(a: AccountPasswordDue, timeZone?: string): string {
  const date = day(a.dueAt!, timeZone);
  if (a.state === 'overdue') return `was due on ${date}`;
  const n = Math.max(0, a.daysLeft ?? 0);
  return n === 0 ? `is due today (${date})` : `is due on ${date}, in ${plural(n, 'day')}`;
}

/** The native notification shown on the device (short: notification bubbles are small). */
export function promptNotification(a: AccountPasswordDue, timeZone?: string): { title: string; body: string } {
  return {
    title: a.state === 'overdue' ? 'Your password needs changing now' : 'Time to change your password',
    body: `The password of your account "${a.username}" on this computer ${whenDue(a, timeZone)}. The charity asks everyone to choose a new password at least every quarter.`,
  };
}

/** The email to the keeper about one account's password. */
export function promptEmail(
  a: AccountPasswordDue,
  device: { hostname: string; platform: string },
  keeperName: string | null,
  timeZone?: string,
): { subject: string; text: string } {
  const due = day(a.dueAt!, timeZone);
  return {
    subject:
      a.state === 'overdue'
        ? `Your password on ${device.hostname} is overdue: please change it now`
        : `Please change your password on ${device.hostname} by ${due}`,
    text: [
      `Hello${keeperName ? ` ${keeperName}` : ''},`,
      '',
      `The password of the account "${a.username}" on ${device.hostname} ${whenDue(a, timeZone)}.`,
      'The charity’s policy asks everyone to choose a new password at least every quarter.',
      '',
      `How to change it: ${howToChange(device.platform)}`,
      '',
      'Once you have changed it, Safefleet will see the new date the next time the device reports, and these reminders will stop.',
      '',
      'Sent by Safefleet, the charity’s device safety console.',
    ].join('\n'),
  };
}

export const QUARTERLY_NOTIFICATION = {
  title: 'A new quarter: time for a new password',
  body: 'A new quarter has started. The charity asks everyone to change the password they use on this computer at least once a quarter.',
};

/** The quarterly email to a keeper listing their devices. */
export function quarterlyEmail(keeperName: string | null, devices: Array<{ hostname: string; platform: string }>): { subject: string; text: string } {
  const platforms = [...new Set(devices.map((d) => d.platform))];
  return {
    subject: 'A new quarter: please change your password',
    text: [
      `Hello${keeperName ? ` ${keeperName}` : ''},`,
      '',
      'A new quarter has started. The charity’s policy asks everyone to change the password they use on their device at least once a quarter.',
      '',
      `Your device${devices.length === 1 ? '' : 's'}: ${devices.map((d) => d.hostname).join(', ')}`,
      '',
      ...platforms.map((p) => `How to change it: ${howToChange(p)}`),
      '',
      'Sent by Safefleet, the charity’s device safety console.',
    ].join('\n'),
  };
}
