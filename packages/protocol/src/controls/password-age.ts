import { z } from 'zod';
import { FindingStatus } from '../finding-status.js';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { defineControl } from './control.js';

/** One account's password result: Finding(password-age).details.accounts[]. */
export const PasswordAccountResult = z.object({
  username: ShortString,
  ageDays: z.number().int().nullable(),
  status: FindingStatus,
  /** When the password must be changed by (last set + maxAgeDays); null when not known. */
  dueAt: IsoDateTime.nullable(),
});
export type PasswordAccountResult = z.infer<typeof PasswordAccountResult>;

export const PasswordAgeDetails = z.object({
  maxAgeDays: z.number().int().optional(),
  graceDays: z.number().int().optional(),
  accounts: z.array(PasswordAccountResult).default([]),
});
export type PasswordAgeDetails = z.infer<typeof PasswordAgeDetails>;

export const passwordAgeControl = defineControl({
  id: 'password-age',
  title: 'Password changed every quarter',
  shortTitle: 'Passwords',
  description:
    'Every personal sign-in account on the device changed its password within the allowed number of days (90 by default). The grace period (reminders) starts 14 days before that.',
  factGroups: ['accounts'],
  settings: {
    group: 'passwordAge',
    numbers: {
      maxAgeDays: { label: 'Passwords must change at least every', unit: 'days', min: 1, max: 3650, default: 90 },
      /** Days before the maximum when the grace period (and keeper prompts) start. */
      graceDays: { label: 'Password reminders start', unit: 'days before', min: 0, max: 365, default: 14 },
    },
  },
  details: PasswordAgeDetails,
});
