import { CONTROLS } from '@safefleet/policy';
import { DEVICE_STATUS_LABELS, type DeviceStatus, type Finding } from '@safefleet/protocol';
import { StoredDataError } from '../db/stored-json.js';
import { read, type ServiceContext } from './context.js';
import { AppError } from './errors.js';
import { newKeeperLinkKey, signKeeperToken, verifyKeeperToken } from './keeper-links.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const RESULT_WORDS: Record<Finding['status'], string> = { pass: 'OK', grace: 'Due soon', fail: 'Needs fixing', unknown: 'Could not check' };

/** What the agent reads, in plain words (docs/privacy.md says the same). */
const SENT_WORDS = [
  'The name and version of the operating system, and the computer name.',
  'Antivirus and anti-spyware products: switched on or not, and when their definitions were updated.',
  'How many updates are waiting, and when updates were last installed.',
  'For each sign-in account: its name and when its password was last changed (never the password).',
  'The list of installed apps (names and ids).',
  'Whether the disk is encrypted, and after how long the screen locks.',
  'Never: browsing history, messages, files, photos or passwords.',
];

export interface KeeperView {
  keeperEmail: string;
  keeperName: string | null;
  expiresAt: Date;
  devices: Array<{ id: string; hostname: string; status: DeviceStatus; findings: Finding[]; facts: unknown }>;
}

/**
 * The keeper's own page, opened from a signed link in their email (no sign-in): their devices
 * only, what is checked, what is wrong and how to fix it, and exactly what the agent sent.
 */
export class KeeperPageService {
  constructor(private readonly ctx: ServiceContext) {}

  /** A link token for a keeper (creates the signing key on first use). */
  token(keeperEmail: string): string {
    const now = this.ctx.now();
    const key = read(this.ctx).organisation.ensureKeeperLinkKey(newKeeperLinkKey(), now.toISOString());
    return signKeeperToken(key, keeperEmail, now);
  }

  /** The keeper's devices for a valid token; 403 for a forged, malformed or expired one. */
  view(token: string): KeeperView {
    const r = read(this.ctx);
    const key = r.organisation.keeperLinkKey();
    const check = key ? verifyKeeperToken(key, token, this.ctx.now()) : ({ ok: false, reason: 'forged' } as const);
    if (!check.ok) {
      throw new AppError(403, check.reason === 'expired' ? 'This link has expired: ask your IT lead for a new one.' : 'This link is not valid.');
    }
    const mine = r.devices.list().filter((d) => d.keeperEmail?.trim().toLowerCase() === check.keeperEmail);
    return {
      keeperEmail: check.keeperEmail,
      keeperName: mine.find((d) => d.keeperName)?.keeperName ?? null,
      expiresAt: check.expiresAt,
      devices: mine.map((d) => {
        // Exactly what the agent sent, parsed with the protocol schema; a damaged row shows nothing.
        let facts: unknown = null;
        try {
          facts = d.latestReportId ? (r.reports.factsOf(d.latestReportId) ?? null) : null;
        } catch (err) {
          if (!(err instanceof StoredDataError)) throw err;
          facts = null;
        }
        return { id: d.id, hostname: d.hostname, status: d.status, findings: r.findings.forDevice(d.id), facts };
      }),
    };
  }

  html(token: string): string {
    const v = this.view(token);
    const titles = new Map(CONTROLS.map((c) => [c.id, c]));
    const devices = v.devices
      .map((d) => {
        const rows = d.findings
          .map((f) => {
            const c = titles.get(f.control);
            const fix = f.status === 'fail' || f.status === 'grace' ? `<p><strong>How to fix it:</strong> ${esc(f.resolution)}</p>` : '';
            return `<li class="f-${f.status}"><h3>${esc(c?.title ?? f.control)}: ${RESULT_WORDS[f.status]}</h3><p class="muted">What is checked: ${esc(c?.description ?? '')}</p><p>${esc(f.reason)}</p>${fix}</li>`;
          })
          .join('');
        return `<section class="device" data-device="${esc(d.id)}"><h2>${esc(d.hostname)} — ${esc(DEVICE_STATUS_LABELS[d.status])}</h2><ul class="findings">${rows || '<li>Not checked yet: the device has not reported.</li>'}</ul><details><summary>Exactly what this device’s agent sent last time</summary><pre>${esc(JSON.stringify(d.facts, null, 2) ?? 'Nothing yet.')}</pre></details></section>`;
      })
      .join('');
    const name = v.keeperName ? `, ${esc(v.keeperName)}` : '';
    return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Your devices — Safefleet</title><style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1f2937}.muted{color:#6b7280}.findings{list-style:none;padding:0}.findings li{border-left:4px solid #d1d5db;padding:.25rem .75rem;margin:.75rem 0}.f-fail{border-color:#b91c1c!important}.f-grace{border-color:#b45309!important}.f-pass{border-color:#15803d!important}pre{white-space:pre-wrap;font-size:.8rem;background:#f3f4f6;padding:.75rem}</style></head><body><h1>Your devices${name}</h1><p>This page shows the charity devices kept by ${esc(v.keeperEmail)}: what Safefleet checks, what needs fixing and how. It works without signing in until ${esc(v.expiresAt.toISOString().slice(0, 10))}; do not forward it.</p>${devices || '<p>No devices are recorded for you.</p>'}<h2>What the agent sends</h2><ul>${SENT_WORDS.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></body></html>`;
  }
}
