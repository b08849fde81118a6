import {
  DEFAULT_LADDER,
  UpdateNotificationSettingsRequest,
  type AlertLadder,
  type EffectiveNotificationSettings,
  type NotificationSettings,
  type SettingSource,
  type SmtpSettings,
} from '@safefleet/protocol';
import type { AlertsEnv } from '../alerts/options.js';

/** What the console saved: only the keys set there (null-cleared keys are removed). */
export type StoredSettings = Omit<UpdateNotificationSettingsRequest, never>;

/** The settings in force, including the SMTP password (server side only). */
export type Settings = NotificationSettings;

export const DEFAULT_SETTINGS: Settings = {
  smtp: null,
  mailFrom: null,
  consoleUrl: null,
  dsl: null,
  onlineSafetyCoordinator: null,
  itLead: null,
  ladder: DEFAULT_LADDER,
  digest: { enabled: false, time: '08:00' },
  notifyOnResolve: true,
  concerns: { overdueWorkingDays: 2 },
  prompts: { enabled: true, repeatDays: 3, quarterlyReminder: true },
};

type Key = keyof Settings;
const ENV_KEYS: Partial<Record<Key, keyof AlertsEnv>> = { smtp: 'smtp', mailFrom: 'mailFrom', dsl: 'dsl', itLead: 'itLead' };

/** Parses the stored JSON; a damaged value counts as nothing saved. */
export function parseStored(json: string | undefined): StoredSettings {
  if (!json) return {};
  try {
    const r = UpdateNotificationSettingsRequest.safeParse(JSON.parse(json));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

/** defaults < environment < console, with where each value came from. */
export function effectiveSettings(stored: StoredSettings, env: AlertsEnv): { settings: Settings; sources: Record<Key, SettingSource> } {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const sources = {} as Record<Key, SettingSource>;
  const assign = settings as unknown as Record<Key, unknown>;
  for (const key of Object.keys(DEFAULT_SETTINGS) as Key[]) {
    const saved = (stored as Record<string, unknown>)[key];
    const envKey = ENV_KEYS[key];
    const fromEnv = envKey ? env[envKey] : undefined;
    if (saved !== undefined && saved !== null) {
      assign[key] = key === 'ladder' ? { ...DEFAULT_LADDER, ...(saved as Partial<AlertLadder>) } : saved;
      sources[key] = 'console';
    } else if (fromEnv !== undefined) {
      assign[key] = fromEnv;
      sources[key] = 'environment';
    } else {
      sources[key] = 'default';
    }
  }
  if (settings.smtp) {
    // Saved in the console without ever giving a password, for the same server and user as the
    // environment's SMTP_URL: the password from the environment still applies.
    const envSmtp = env.smtp;
    const inherit =
      settings.smtp.password === undefined &&
      sources.smtp === 'console' &&
      envSmtp &&
      envSmtp.host === settings.smtp.host &&
      (envSmtp.user ?? null) === (settings.smtp.user ?? null);
    settings.smtp = { ...settings.smtp, password: (inherit ? envSmtp.password : settings.smtp.password) ?? null };
  }
  return { settings, sources };
}

/** Applies a PUT: absent keys stay, null removes the console's value, ladder merges per control. */
export function mergeUpdate(stored: StoredSettings, update: UpdateNotificationSettingsRequest): StoredSettings {
  const next: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (value === null) {
      delete next[key];
    } else if (key === 'smtp') {
      const smtp = value as SmtpSettings;
      const keep = smtp.password === undefined && stored.smtp ? { password: stored.smtp.password ?? null } : {};
      next.smtp = { ...smtp, ...keep };
    } else if (key === 'ladder') {
      next.ladder = { ...(stored.ladder ?? {}), ...(value as object) };
    } else {
      next[key] = value;
    }
  }
  return next as StoredSettings;
}

/** The settings as the API shows them: no SMTP password, only whether one is set. */
export function publicSettings(s: Settings): EffectiveNotificationSettings {
  const { smtp, ...rest } = s;
  if (!smtp) return { ...rest, smtp: null };
  const { password, ...visible } = smtp;
  return { ...rest, smtp: { ...visible, hasPassword: password !== null && password !== '' } };
}
