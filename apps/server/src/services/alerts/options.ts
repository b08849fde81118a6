import cron from 'node-cron';
import { Person, type SmtpSettings } from '@safefleet/protocol';
import { parseSmtpUrl } from '../notifications/smtp-url.js';

/** Settings an unattended set-up gives through the environment (read once at start). */
export interface AlertsEnv {
  smtp?: SmtpSettings;
  mailFrom?: string;
  dsl?: Person;
  itLead?: Person;
}

export interface RetryOptions {
  /** First retry after baseMs, doubling each time up to capMs. */
  baseMs: number;
  capMs: number;
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number;
}

export interface AlertsOptions {
  env: AlertsEnv;
  retry: RetryOptions;
  /** node-cron pattern of the grace-ladder job (remind keeper, escalate). */
  ladderCron: string;
  /** node-cron pattern of the password-prompt job. */
  promptsCron: string;
  /** node-cron pattern of the quarterly reminder (first day of each quarter). */
  quarterlyCron: string;
  smtpTimeoutMs: number;
  webhookTimeoutMs: number;
}

export const DEFAULT_ALERTS_OPTIONS: AlertsOptions = {
  env: {},
  retry: { baseMs: 30_000, capMs: 60 * 60_000, maxAttempts: 12 },
  ladderCron: '*/15 * * * *',
  promptsCron: '0 * * * *',
  quarterlyCron: '0 9 1 1,4,7,10 *',
  smtpTimeoutMs: 20_000,
  webhookTimeoutMs: 10_000,
};

export type AlertsOptionsInput = Partial<Omit<AlertsOptions, 'retry'>> & { retry?: Partial<RetryOptions> };

export function resolveAlertsOptions(input: AlertsOptionsInput = {}): AlertsOptions {
  const defined = <T extends object>(o: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  const o: AlertsOptions = { ...DEFAULT_ALERTS_OPTIONS, ...defined(input), retry: { ...DEFAULT_ALERTS_OPTIONS.retry, ...defined(input.retry) } };
  for (const key of ['ladderCron', 'promptsCron', 'quarterlyCron'] as const) {
    if (!cron.validate(o[key])) throw new Error(`not a valid cron pattern for ${key}: "${o[key]}"`);
  }
  return o;
}

const email = Person.shape.email;

/**
 * Reads the alert settings of an unattended set-up from the environment:
 *   SAFEFLEET_SMTP_URL       smtp://user:pass@host:port or smtps://… (optional ?tls=starttls|none)
 *   SAFEFLEET_MAIL_FROM      sender, e.g. "Safefleet <safefleet@charity.org>"
 *   SAFEFLEET_DSL_EMAIL      the Designated Safeguarding Lead's email
 *   SAFEFLEET_ITLEAD_EMAIL   the IT lead's email
 *   SAFEFLEET_DELIVERY_RETRY_BASE_MS, SAFEFLEET_DELIVERY_RETRY_CAP_MS, SAFEFLEET_DELIVERY_MAX_ATTEMPTS
 *   SAFEFLEET_ALERTS_CRON, SAFEFLEET_PROMPTS_CRON, SAFEFLEET_QUARTERLY_CRON (node-cron patterns)
 * A value saved later in the console overrides the environment. Throws with a plain message on a
 * value that cannot be used.
 */
export function alertsOptionsFromEnv(env: NodeJS.ProcessEnv): AlertsOptions {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const mail = (name: string): Person | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    if (!email.safeParse(v).success) throw new Error(`${name} must be an email address, e.g. dsl@charity.org`);
    return { name: '', email: v };
  };
  const int = (name: string, min: number): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`${name} must be a whole number of at least ${min}`);
    return Number(v);
  };
  const smtpUrl = get('SAFEFLEET_SMTP_URL');
  const alertsEnv: AlertsEnv = {};
  if (smtpUrl) alertsEnv.smtp = parseSmtpUrl(smtpUrl, 'SAFEFLEET_SMTP_URL');
  const from = get('SAFEFLEET_MAIL_FROM');
  if (from) alertsEnv.mailFrom = from;
  const dsl = mail('SAFEFLEET_DSL_EMAIL');
  if (dsl) alertsEnv.dsl = dsl;
  const itLead = mail('SAFEFLEET_ITLEAD_EMAIL');
  if (itLead) alertsEnv.itLead = itLead;
  return resolveAlertsOptions({
    env: alertsEnv,
    retry: {
      baseMs: int('SAFEFLEET_DELIVERY_RETRY_BASE_MS', 1),
      capMs: int('SAFEFLEET_DELIVERY_RETRY_CAP_MS', 1),
      maxAttempts: int('SAFEFLEET_DELIVERY_MAX_ATTEMPTS', 1),
    } as Partial<RetryOptions>,
    ladderCron: get('SAFEFLEET_ALERTS_CRON'),
    promptsCron: get('SAFEFLEET_PROMPTS_CRON'),
    quarterlyCron: get('SAFEFLEET_QUARTERLY_CRON'),
  });
}

/** Delay before attempt n+1 after n failed attempts: base · 2^(n−1), at most cap. */
export function backoffMs(failedAttempts: number, retry: RetryOptions): number {
  const exp = Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(retry.capMs, retry.baseMs * 2 ** exp);
}
