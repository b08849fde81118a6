import type {
  BankHolidayUpload,
  CreateSecurityReviewRequest,
  OrganisationResponse,
  OrganisationSettings,
  SecurityReviewStatus,
  UpdateOrganisationRequest,
} from '@safefleet/protocol';
import { consoleWide } from '../db/repositories/index.js';
import { bankHolidaysInForce, parseBankHolidayUpload } from './calendar/bank-holidays.js';
import { localDay, type WorkingCalendar } from './calendar/working-days.js';
import { read, transaction, type ServiceContext } from './context.js';
import { AppError } from './errors.js';

/** Days before a security review falls due when the console starts reminding. */
export const REVIEW_REMINDER_DAYS = 30;

/** Adds whole months to a YYYY-MM-DD date (clamped to the month's last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * The organisation: name and logo for the trustees' report, the time zone every date is shown in,
 * the trustees' address, the bank holidays in force, and the security review record. Audited.
 */
export class OrganisationService {
  constructor(private readonly ctx: ServiceContext) {}

  settings(): OrganisationSettings {
    return read(this.ctx).organisation.settings();
  }

  view(): OrganisationResponse {
    const s = this.settings();
    const table = bankHolidaysInForce(s.bankHolidays);
    return {
      ...s,
      bankHolidaysInForce: {
        source: table.source,
        count: table.dates.length,
        first: table.dates[0]?.date ?? null,
        last: table.dates.at(-1)?.date ?? null,
      },
    };
  }

  /** The organisation's time zone and bank holidays, for working-day counts and local times. */
  calendar(): WorkingCalendar {
    const s = this.settings();
    return { timeZone: s.timeZone, holidays: new Set(bankHolidaysInForce(s.bankHolidays).dates.map((d) => d.date)) };
  }

  update(req: UpdateOrganisationRequest, actor: string): OrganisationResponse {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const next: OrganisationSettings = { ...r.organisation.settings() };
      if (req.name !== undefined) next.name = req.name;
      if (req.logoDataUrl !== undefined) next.logoDataUrl = req.logoDataUrl;
      if (req.timeZone !== undefined) next.timeZone = req.timeZone;
      if (req.trusteesEmail !== undefined) next.trusteesEmail = req.trusteesEmail;
      r.organisation.putSettings(next, at, actor);
      // The organisation's name in the switcher and the provider overview follows its settings.
      if (req.name !== undefined && req.name.trim() !== '') consoleWide(this.ctx.db).organisations.rename(this.ctx.organisationId, req.name.trim());
      // The logo is large and not interesting in the log: say whether it changed.
      const { logoDataUrl, ...rest } = req;
      r.audit.append(at, {
        actor,
        action: 'organisation.updated',
        target: 'organisation',
        detail: { ...rest, ...(logoDataUrl !== undefined ? { logo: logoDataUrl ? 'changed' : 'removed' } : {}) },
      });
    });
    return this.view();
  }

  uploadBankHolidays(req: BankHolidayUpload, actor: string): OrganisationResponse {
    let dates: ReturnType<typeof parseBankHolidayUpload>;
    try {
      dates = parseBankHolidayUpload(req.content, req.division);
    } catch (err) {
      throw new AppError(400, err instanceof Error ? err.message : String(err));
    }
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const next = { ...r.organisation.settings(), bankHolidays: { source: req.division, updatedAt: at, dates } };
      r.organisation.putSettings(next, at, actor);
      r.audit.append(at, {
        actor,
        action: 'organisation.bank-holidays-uploaded',
        target: 'organisation',
        detail: { division: req.division, count: dates.length, first: dates[0]?.date, last: dates.at(-1)?.date },
      });
    });
    return this.view();
  }

  reviews(): SecurityReviewStatus {
    const r = read(this.ctx);
    const reviews = r.organisation.reviews();
    const timeZone = this.settings().timeZone;
    const today = localDay(this.ctx.now(), timeZone);
    // Never reviewed: the first review is due one policy interval (six months) after the console
    // was set up, so a new console does not email every IT lead and DSL on its first day.
    const setUpAt = r.users.firstCreatedAt();
    const nextDueAt = reviews[0]?.nextDueAt ?? addMonths(setUpAt ? localDay(new Date(setUpAt), timeZone) : today, 6);
    const remindFrom = dayMinus(nextDueAt, REVIEW_REMINDER_DAYS);
    return { reviews, nextDueAt, due: today >= remindFrom, overdue: today > nextDueAt };
  }

  addReview(req: CreateSecurityReviewRequest, actor: string): SecurityReviewStatus {
    const at = this.ctx.now().toISOString();
    const nextDueAt = req.nextDueAt ?? addMonths(req.reviewedAt, 6);
    if (nextDueAt <= req.reviewedAt) throw new AppError(400, 'The next review must be after this one.');
    transaction(this.ctx, (r) => {
      const row = r.organisation.addReview({
        reviewedAt: req.reviewedAt,
        reviewedBy: req.reviewedBy,
        notes: req.notes,
        nextDueAt,
        recordedAt: at,
        recordedBy: actor,
      });
      r.audit.append(at, {
        actor,
        action: 'security-review.recorded',
        target: `security-review:${row.id}`,
        detail: { reviewedAt: req.reviewedAt, reviewedBy: req.reviewedBy, nextDueAt },
      });
    });
    return this.reviews();
  }
}

function dayMinus(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}
