import { appNames, headline, keeperLine, plural, when, type AlertMessageInput } from './format.js';

export interface EmailContent {
  subject: string;
  text: string;
}

const FOOTER = 'Sent by Safefleet, the charity’s device safety console.';

/** The plain-language email about an alert for one recipient (label: "DSL", "IT lead", "Keeper"…). */
export function alertEmail(input: AlertMessageInput, label: string): EmailContent {
  const { alert, device, kind, link } = input;
  const subject = headline(input);
  const opened = when(alert.openedAt, input.timeZone);
  const apps = appNames(alert);
  const lines: string[] = ['Hello,', ''];

  if (kind === 'alert-reminder') {
    lines.push(
      `Safefleet found a problem on your device ${device.hostname} on ${opened}, and it has not been fixed yet.`,
      '',
      `What was found: ${alert.reason}`,
      '',
      `How to fix it: ${alert.resolution ?? ''}`,
      '',
      'Once it is fixed, Safefleet will notice the next time your device reports, and you will not hear about it again.',
      `If you are stuck, ask your IT lead.`,
      '',
      FOOTER,
    );
    return { subject, text: lines.join('\n') };
  }

  if (kind === 'alert-opened') {
    lines.push(
      alert.category === 'safeguarding'
        ? 'Safeguarding: Safefleet found something on a charity device that the Designated Safeguarding Lead needs to know about.'
        : 'Safefleet found a problem on a charity device.',
    );
  } else if (kind === 'alert-escalated') {
    lines.push(`This problem was found ${plural(input.daysOpen, 'day')} ago (${opened}) and has still not been fixed.`);
  } else {
    lines.push(`Good news: this problem has been fixed. ${alert.resolvedReason ?? ''}`.trim());
  }
  lines.push(
    '',
    `Device: ${device.hostname}`,
    `Keeper: ${keeperLine(device.keeper)}`,
    `Check: ${alert.controlTitle}`,
  );
  if (apps.length > 0) lines.push(`Apps: ${apps.join(', ')}`);
  lines.push(`What was found: ${alert.reason}`);
  if (kind !== 'alert-resolved') lines.push(`How to fix it: ${alert.resolution ?? ''}`);
  lines.push(`Found: ${opened}`);
  if (alert.resolvedAt) lines.push(`Fixed: ${when(alert.resolvedAt, input.timeZone)}`);
  lines.push('', `See the device in the console: ${link}`, '');
  if (alert.concernId !== null && kind === 'alert-opened') {
    lines.push(`A safeguarding concern (number ${alert.concernId}) has been logged for you to assess in the console’s concern log.`, '');
  }
  if (kind === 'alert-opened') lines.push('You will not get another email about this unless it is still not fixed later, or when it is fixed.', '');
  lines.push(`${FOOTER} You get this email as the ${label}.`);
  return { subject, text: lines.join('\n') };
}
