import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';

/**
 * The organisation (Settings page): name and logo for the trustees' report, the time zone every
 * date in emails and reports is shown in, the trustees' address for the quarterly report, and the
 * bank holidays that do not count as working days.
 *
 *   GET  /api/organisation                       → OrganisationSettings (every role)
 *   PUT  /api/organisation  UpdateOrganisation   → OrganisationSettings (admin)
 *   POST /api/organisation/bank-holidays  BankHolidayUpload → OrganisationSettings (admin)
 *   GET  /api/security-reviews                   → SecurityReviewStatus (admin, dsl)
 *   POST /api/security-reviews  CreateSecurityReview → SecurityReviewStatus (admin)
 */

/**
 * A date without a time, e.g. 2026-12-25: a real calendar day, YYYY-MM-DD, between 1900 and 2999 (fuzzing found "0861-65-80" accepted,
 * stored, and every later read of the security reviews failing on it).
 */
export const IsoDay = z.iso.date({ message: 'use YYYY-MM-DD' }).refine((day) => {
  const year = Number(day.slice(0, 4));
  return year >= 1900 && year <= 2999;
}, 'use a date between 1900 and 2999');

export const BankHoliday = z.object({ date: IsoDay, title: z.string().trim().min(1).max(200) });
export type BankHoliday = z.infer<typeof BankHoliday>;

export const BankHolidayTable = z.object({
  /** Where the table came from: "shipped" or the uploaded file's division, e.g. "england-and-wales". */
  source: ShortString,
  /** When it was uploaded (absent for the shipped table). */
  updatedAt: IsoDateTime.optional(),
  dates: z.array(BankHoliday).max(2_000),
});
export type BankHolidayTable = z.infer<typeof BankHolidayTable>;

/** A small PNG or JPEG logo as a data: URL (at most about 150 kB). */
export const LogoDataUrl = z
  .string()
  .max(200_000)
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'a PNG or JPEG image');

export const OrganisationSettings = z.object({
  name: z.string().trim().max(200).default(''),
  logoDataUrl: LogoDataUrl.nullable().default(null),
  /** IANA time zone used for every date shown to people and for working days. */
  timeZone: z.string().max(100).default('Europe/London'),
  /** Where the quarterly trustees' report is emailed (none: not emailed). */
  trusteesEmail: z.email().max(320).nullable().default(null),
  /** Uploaded bank holidays; null = the shipped England and Wales table. */
  bankHolidays: BankHolidayTable.nullable().default(null),
});
export type OrganisationSettings = z.infer<typeof OrganisationSettings>;

/** What GET /api/organisation returns: the settings plus the bank holidays in force. */
export const OrganisationResponse = OrganisationSettings.extend({
  bankHolidaysInForce: z.object({ source: ShortString, count: z.number().int(), first: IsoDay.nullable(), last: IsoDay.nullable() }),
});
export type OrganisationResponse = z.infer<typeof OrganisationResponse>;

export const UpdateOrganisationRequest = z.object({
  name: z.string().trim().max(200).optional(),
  logoDataUrl: LogoDataUrl.nullable().optional(),
  timeZone: z
    .string()
    .max(100)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/London')
    .optional(),
  trusteesEmail: z.email().max(320).nullable().optional(),
});
export type UpdateOrganisationRequest = z.infer<typeof UpdateOrganisationRequest>;

/**
 * Upload of a bank-holiday table: the GOV.UK bank-holidays JSON (one division picked, default
 * england-and-wales) or CSV text with lines "YYYY-MM-DD,Title".
 */
export const BankHolidayUpload = z.object({
  content: z.string().min(1).max(500_000),
  division: z.string().max(100).default('england-and-wales'),
});
export type BankHolidayUpload = z.infer<typeof BankHolidayUpload>;

export const SecurityReview = z.object({
  id: z.number().int(),
  reviewedAt: IsoDay,
  reviewedBy: z.string(),
  notes: z.string(),
  nextDueAt: IsoDay,
  recordedAt: IsoDateTime,
  recordedBy: ShortString,
});
export type SecurityReview = z.infer<typeof SecurityReview>;

export const CreateSecurityReviewRequest = z.object({
  reviewedAt: IsoDay,
  reviewedBy: z.string().trim().min(1).max(200),
  notes: z.string().trim().min(1).max(10_000),
  /** Default: six months after reviewedAt (the policy asks for a review at least twice a year). */
  nextDueAt: IsoDay.optional(),
});
export type CreateSecurityReviewRequest = z.infer<typeof CreateSecurityReviewRequest>;

export const SecurityReviewStatus = z.object({
  reviews: z.array(SecurityReview),
  /** When the next review is due (today when none was ever recorded). */
  nextDueAt: IsoDay,
  /** True when the next review is due within 30 days or overdue. */
  due: z.boolean(),
  overdue: z.boolean(),
});
export type SecurityReviewStatus = z.infer<typeof SecurityReviewStatus>;
