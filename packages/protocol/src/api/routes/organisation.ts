import {
  BankHolidayUpload,
  CreateSecurityReviewRequest,
  OrganisationResponse,
  SecurityReviewStatus,
  UpdateOrganisationRequest,
} from '../organisation.js';
import { ReportQuery, TrusteesReport } from '../report.js';
import { defineRoute } from '../route.js';

/** The organisation (Settings page), the security review record and the trustees' report. */
export const organisationApi = {
  get: defineRoute({
    method: 'GET',
    path: '/api/organisation',
    summary: 'Organisation name, logo, time zone, trustees’ address, bank holidays',
    response: OrganisationResponse,
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/organisation',
    summary: 'Change the organisation settings (admin)',
    body: UpdateOrganisationRequest,
    response: OrganisationResponse,
  }),
  uploadBankHolidays: defineRoute({
    method: 'POST',
    path: '/api/organisation/bank-holidays',
    summary: 'Replace the bank holidays (GOV.UK JSON or CSV; admin)',
    body: BankHolidayUpload,
    response: OrganisationResponse,
  }),
  reviews: defineRoute({
    method: 'GET',
    path: '/api/organisation/security-reviews',
    summary: 'Security reviews and when the next is due',
    response: SecurityReviewStatus,
  }),
  addReview: defineRoute({
    method: 'POST',
    path: '/api/organisation/security-reviews',
    summary: 'Record a security review (admin)',
    body: CreateSecurityReviewRequest,
    status: 201,
    response: SecurityReviewStatus,
  }),
};

export const reportApi = {
  get: defineRoute({
    method: 'GET',
    path: '/api/report',
    summary: 'The trustees’ report for a quarter or period',
    query: ReportQuery,
    response: TrusteesReport,
  }),
  /** application/pdf attachment. */
  pdf: defineRoute({ method: 'GET', path: '/api/report/pdf', summary: 'The trustees’ report as a PDF made on the server', query: ReportQuery }),
};
