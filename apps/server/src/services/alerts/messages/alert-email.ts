import { allowedNotFixed, appNames, headline, keeperLine, sinceWords, when, type AlertMessageInput } from './format.js';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const FOOTER = 'Sent by Safefleet, the charity’s device safety console.';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One message as blocks, written once and rendered as plain text and as HTML. */
type Block = { p: string } | { fields: Array<[string, string]> } | { link: [string, string] };

function render(blocks: Block[], label: string): { text: string; html: string } {
  const text: string[] = ['Hello,', ''];
  const html: string[] = ['<p>Hello,</p>'];
  for (const b of blocks) {
    if ('p' in b) {
      text.push(b.p, '');
      html.push(`<p>${esc(b.p)}</p>`);
    } else if ('fields' in b) {
      for (const [k, v] of b.fields) text.push(`${k}: ${v}`);
      text.push('');
      html.push(
        `<table role="presentation" style="border-collapse:collapse">${b.fields.map(([k, v]) => `<tr><th align="left" style="padding:2px 12px 2px 0;vertical-align:top">${esc(k)}</th><td style="padding:2px 0">${esc(v)}</td></tr>`).join('')}</table>`,
      );
    } else {
      const [words, url] = b.link;
      text.push(`${words}: ${url}`, '');
      html.push(`<p><a href="${esc(url)}">${esc(words)}</a></p>`);
    }
  }
  const footer = `${FOOTER} You get this email as the ${label}.`;
  text.push(footer);
  html.push(`<p style="color:#6b7280;font-size:smaller">${esc(footer)}</p>`);
  return {
    text: text.join('\n'),
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">${html.join('\n')}</body></html>`,
  };
}

/** Who decides about a safeguarding alert, by recipient: the DSL decides; others are kept informed. */
function isDsl(label: string): boolean {
  return /\bDSL\b|safeguarding lead/i.test(label);
}

/**
 * The email about an alert for one recipient (label: "DSL", "online-safety coordinator", "IT lead",
 * "Keeper"…), as plain text and HTML. Safeguarding emails lead with the DSL's decision and link to
 * the concern; apps are named as people know them; dates are local to the organisation.
 */
export function alertEmail(input: AlertMessageInput, label: string): EmailContent {
  const { alert, device, kind, link } = input;
  const subject = headline(input);
  const opened = when(alert.openedAt, input.timeZone);
  const apps = appNames(alert);
  const safeguarding = alert.category === 'safeguarding';
  const blocks: Block[] = [];
  const facts: Array<[string, string]> = [
    ['Device', device.hostname],
    ['Keeper', keeperLine(device.keeper)],
    ['Check', alert.controlTitle],
  ];
  if (apps.length > 0) facts.push(['Apps', apps.join(', ')]);

  if (kind === 'alert-reminder') {
    blocks.push(
      { p: `Safefleet found a problem on your device ${device.hostname} on ${opened}, and it has not been fixed yet.` },
      { p: `What was found: ${alert.reason}` },
      { p: `How to fix it: ${alert.resolution ?? ''}` },
    );
    if (input.keeperLink) blocks.push({ link: ['Your devices, what is checked and how to fix it (no sign-in needed)', input.keeperLink] });
    blocks.push({
      p: 'Once it is fixed, Safefleet will notice the next time your device reports, and you will not hear about it again. If you are stuck, ask your IT lead.',
    });
    return { subject, ...render(blocks, label) };
  }

  if (kind === 'alert-opened' && safeguarding) {
    const what = apps.length > 0 ? apps.join(', ') : alert.controlTitle;
    if (isDsl(label)) {
      blocks.push({
        p: `Your decision is needed: Safefleet found ${what} on ${device.hostname}${device.keeper?.name ? `, the device kept by ${device.keeper.name}` : ''}. Please triage it in the console: a safeguarding concern, allowed for this keeper’s role, or not a concern.`,
      });
    } else {
      blocks.push({
        p: `For your information: Safefleet found ${what} on ${device.hostname}${device.keeper?.name ? `, the device kept by ${device.keeper.name}` : ''}. The Designated Safeguarding Lead has been asked to decide what happens next; you do not need to act unless they ask you to.`,
      });
    }
    blocks.push({ fields: [...facts, ['Found', opened]] });
    if (input.concernLink && alert.concernId !== null) blocks.push({ link: [`Open concern number ${alert.concernId}`, input.concernLink] });
    blocks.push({ link: ['See the device', link] });
    blocks.push({ p: 'You will not get another email about this unless it is still waiting later, or when it is resolved.' });
    return { subject, ...render(blocks, label) };
  }

  if (kind === 'alert-opened') {
    blocks.push({ p: 'Safefleet found a problem on a charity device.' });
  } else if (kind === 'alert-escalated') {
    blocks.push({ p: `This was found on ${opened} and is still not resolved${input.daysOpen > 0 ? ` ${sinceWords(input.daysOpen)}` : ''}.` });
  } else if (allowedNotFixed(alert)) {
    blocks.push({ p: `${alert.resolvedReason} The app is still installed; the check passes because it is allowed, not because it was removed.` });
  } else {
    blocks.push({ p: `Resolved: ${alert.resolvedReason ?? 'the check passes again.'}` });
  }
  const more: Array<[string, string]> = [...facts];
  if (!safeguarding || kind === 'alert-resolved') more.push(['What was found', alert.reason]);
  if (kind !== 'alert-resolved' && !safeguarding) more.push(['How to fix it', alert.resolution ?? '']);
  more.push(['Found', opened]);
  if (alert.resolvedAt) more.push([allowedNotFixed(alert) ? 'Allowed from' : 'Resolved', when(alert.resolvedAt, input.timeZone)]);
  blocks.push({ fields: more });
  if (input.concernLink && alert.concernId !== null) blocks.push({ link: [`Open concern number ${alert.concernId}`, input.concernLink] });
  blocks.push({ link: ['See the device in the console', link] });
  if (kind === 'alert-opened')
    blocks.push({ p: 'You will not get another email about this unless it is still not fixed later, or when it is fixed.' });
  return { subject, ...render(blocks, label) };
}
