import { z } from 'zod';
import { IsoDateTime } from '../facts/common.js';
import { UserRole } from './auth.js';

/**
 * Organisations: one console can look after several charities. Every device, alert, concern,
 * exception, keeper role, enrolment string, setting and report belongs to one organisation; a user
 * holds a role in each organisation they are a member of (a membership). A session acts in one
 * organisation at a time (its current organisation), and everything the console shows or changes
 * is that organisation's: objects of another organisation answer 404, as if they did not exist.
 *
 * A single-charity install has exactly one organisation (id 1) and behaves as before.
 *
 *   GET  /api/organisations                         → OrganisationMembership[] (signed in; the caller's)
 *   POST /api/organisations  CreateOrganisationRequest → 201 OrganisationMembership (provider in any
 *        organisation; the caller becomes its provider). Audited `organisation.created`.
 *   POST /api/auth/organisation  SwitchOrganisationRequest → MeResponse (the session now acts there);
 *        404 when the caller has no membership there. Audited `session.organisation-changed`.
 *        The session's live sockets are closed with CONSOLE_CLOSE_CODES.organisationChanged (4409).
 *   GET  /api/provider/overview                     → ProviderOverview (403 unless the caller is
 *        provider in at least one organisation)
 */

/** An organisation the caller belongs to and their role there. */
export const OrganisationMembership = z.object({
  id: z.number().int(),
  name: z.string(),
  role: UserRole,
});
export type OrganisationMembership = z.infer<typeof OrganisationMembership>;

/** The session's current organisation (MeResponse.organisation, EnrolmentPayload.organisation). */
export const OrganisationRef = z.object({
  id: z.number().int(),
  name: z.string().max(200),
});
export type OrganisationRef = z.infer<typeof OrganisationRef>;

export const SwitchOrganisationRequest = z.object({ organisationId: z.number().int().min(1) });
export type SwitchOrganisationRequest = z.infer<typeof SwitchOrganisationRequest>;

export const CreateOrganisationRequest = z.object({ name: z.string().trim().min(1).max(200) });
export type CreateOrganisationRequest = z.infer<typeof CreateOrganisationRequest>;

/**
 * One organisation in the provider overview. Counts come from the counts the console keeps as
 * reports arrive (the fleet summary's), not from a scan:
 * - `devices` = compliant + grace + nonCompliant + unknown;
 * - `grace`: in a grace period (counted apart, as in the trustees' report);
 * - `unknown`: not evaluated or stale (silent past the validity window), never counted as compliant;
 * - `compliancePercent` = compliant / (devices − unknown) × 100, rounded; null when no device
 *   could be judged (no devices, or all unknown), as in the trustees' report;
 * - `openConcerns` is a COUNT only: concern details stay with each organisation's DSL.
 */
export const ProviderOrganisationRow = z.object({
  id: z.number().int(),
  name: z.string(),
  devices: z.number().int(),
  compliant: z.number().int(),
  grace: z.number().int(),
  nonCompliant: z.number().int(),
  unknown: z.number().int(),
  compliancePercent: z.number().min(0).max(100).nullable(),
  openAlerts: z.number().int(),
  openConcerns: z.number().int(),
  /** When a device of this organisation last reported; null when none ever did. */
  lastReportAt: IsoDateTime.nullable(),
});
export type ProviderOrganisationRow = z.infer<typeof ProviderOrganisationRow>;

/** One row per organisation where the caller holds the provider role, ordered by name. */
export const ProviderOverview = z.object({
  organisations: z.array(ProviderOrganisationRow),
  generatedAt: IsoDateTime,
});
export type ProviderOverview = z.infer<typeof ProviderOverview>;
