import { alertForRole, type WebhookFormat } from '@safefleet/protocol';
import { appNames, headline, keeperLine, when, type AlertMessageInput } from './format.js';

/** The JSON body posted to a webhook of the given format. */
export function webhookBody(format: WebhookFormat, input: AlertMessageInput): Record<string, unknown> {
  switch (format) {
    case 'teams':
      return teamsBody(input);
    case 'slack':
      return slackBody(input);
    default:
      return genericBody(input);
  }
}

function facts(input: AlertMessageInput): Array<[string, string]> {
  const { alert, device } = input;
  const apps = appNames(alert);
  return [
    ['Device', device.hostname],
    ['Keeper', keeperLine(device.keeper)],
    ['Check', alert.controlTitle],
    ...(apps.length > 0 ? [['Apps', apps.join(', ')] as [string, string]] : []),
    ['What was found', alert.reason],
    ...(input.kind === 'alert-resolved' ? [] : [['How to fix it', alert.resolution ?? ''] as [string, string]]),
    ['Found', when(alert.openedAt, input.timeZone)],
  ];
}

/** Generic JSON: the event, the alert (as the API gives it to the DSL), the device and the link. */
export function genericBody(input: AlertMessageInput): Record<string, unknown> {
  return {
    event: input.kind,
    at: input.at,
    text: headline(input),
    alert: alertForRole(input.alert, 'admin'),
    device: { id: input.device.id, hostname: input.device.hostname, keeper: input.device.keeper },
    link: input.link,
  };
}

/** Microsoft Teams (Workflows "post to a channel when a webhook request is received"): an Adaptive Card. */
export function teamsBody(input: AlertMessageInput): Record<string, unknown> {
  return {
    type: 'message',
    summary: headline(input),
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: headline(input),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              color: input.kind === 'alert-resolved' ? 'Good' : 'Attention',
            },
            { type: 'FactSet', facts: facts(input).map(([title, value]) => ({ title, value })) },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open the device', url: input.link }],
        },
      },
    ],
  };
}

/** Slack's mrkdwn treats &, < and > specially. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack incoming webhook: `text` (notification fallback) and Block Kit blocks. */
export function slackBody(input: AlertMessageInput): Record<string, unknown> {
  const title = headline(input);
  return {
    text: slackEscape(title),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150), emoji: false } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: facts(input)
            .map(([k, v]) => `*${k}:* ${slackEscape(v)}`)
            .join('\n')
            .slice(0, 3000),
        },
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the device' }, url: input.link }],
      },
    ],
  };
}
