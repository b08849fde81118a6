import type { Executor } from '../client.js';
import { AlertsRepository } from './alerts.repository.js';
import { AgentReleaseRepository } from './agent-release.repository.js';
import { AuditRepository } from './audit.repository.js';
import { ConcernsRepository } from './concerns.repository.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DevicesRepository, findDeviceAnyOrganisation } from './devices.repository.js';
import { EnrolmentTokensRepository, findEnrolmentTokenAnyOrganisation } from './enrolment-tokens.repository.js';
import { ExceptionsRepository } from './exceptions.repository.js';
import { FindingsRepository } from './findings.repository.js';
import { FleetCountsRepository } from './fleet-counts.repository.js';
import { HealthRepository } from './health.repository.js';
import { HistoryRepository } from './history.repository.js';
import { JobRunsRepository } from './job-runs.repository.js';
import { KeeperRolesRepository } from './keeper-roles.repository.js';
import { MembershipsRepository } from './memberships.repository.js';
import { NotificationsRepository } from './notifications.repository.js';
import { OrganisationsConsoleWideRepository } from './organisations.repository.js';
import { PasswordPromptsRepository } from './password-prompts.repository.js';
import { OrganisationRepository } from './organisation.repository.js';
import { PolicyRepository } from './policy.repository.js';
import { ReportFiguresRepository } from './report-figures.repository.js';
import { ReportsRepository } from './reports.repository.js';
import { RetentionRepository } from './retention.repository.js';
import { SessionsRepository } from './sessions.repository.js';
import { KnownLoginsRepository } from './known-logins.repository.js';
import { DeviceDataRepository } from './device-data.repository.js';
import { findActiveCheckinLink, TabletsRepository } from './tablets.repository.js';
import { TrendRepository } from './trend.repository.js';
import { UsersRepository } from './users.repository.js';

/**
 * The repositories of ONE organisation: every query of an organisation-owned table filters by it and
 * every insert sets it (the isolation of issue 13, enforced here and nowhere else). `users`,
 * `sessions`, `knownLogins`, `agentRelease` and `health` touch tables that belong to no organisation
 * (people, their sessions and browsers, the console's own update hold and health probe), and
 * `jobRuns` the scheduler's console-wide claims.
 */
export interface Repositories {
  /** The organisation these repositories are bound to. */
  organisationId: number;
  alerts: AlertsRepository;
  agentRelease: AgentReleaseRepository;
  audit: AuditRepository;
  concerns: ConcernsRepository;
  deliveries: DeliveriesRepository;
  devices: DevicesRepository;
  enrolmentTokens: EnrolmentTokensRepository;
  exceptions: ExceptionsRepository;
  findings: FindingsRepository;
  fleetCounts: FleetCountsRepository;
  health: HealthRepository;
  history: HistoryRepository;
  /** Console-wide: scheduled job runs and delivery attempt claims shared by every console process. */
  jobRuns: JobRunsRepository;
  keeperRoles: KeeperRolesRepository;
  /** The organisation's members and their roles here. */
  memberships: MembershipsRepository;
  notifications: NotificationsRepository;
  organisation: OrganisationRepository;
  policy: PolicyRepository;
  prompts: PasswordPromptsRepository;
  reportFigures: ReportFiguresRepository;
  reports: ReportsRepository;
  sessions: SessionsRepository;
  knownLogins: KnownLoginsRepository;
  deviceData: DeviceDataRepository;
  tablets: TabletsRepository;
  trend: TrendRepository;
  users: UsersRepository;
}

/** Repositories of organisation `organisationId`, bound to the database or to an open transaction. */
export function repositories(db: Executor, organisationId: number): Repositories {
  if (!Number.isInteger(organisationId) || organisationId < 1) throw new Error(`repositories: not an organisation id: ${organisationId}`);
  const org = organisationId;
  return {
    organisationId: org,
    alerts: new AlertsRepository(db, org),
    agentRelease: new AgentReleaseRepository(db),
    audit: new AuditRepository(db, org),
    concerns: new ConcernsRepository(db, org),
    deliveries: new DeliveriesRepository(db, org),
    devices: new DevicesRepository(db, org),
    enrolmentTokens: new EnrolmentTokensRepository(db, org),
    exceptions: new ExceptionsRepository(db, org),
    findings: new FindingsRepository(db, org),
    fleetCounts: new FleetCountsRepository(db, org),
    health: new HealthRepository(db),
    history: new HistoryRepository(db, org),
    jobRuns: new JobRunsRepository(db),
    keeperRoles: new KeeperRolesRepository(db, org),
    memberships: new MembershipsRepository(db, org),
    notifications: new NotificationsRepository(db, org),
    organisation: new OrganisationRepository(db, org),
    policy: new PolicyRepository(db, org),
    prompts: new PasswordPromptsRepository(db, org),
    reportFigures: new ReportFiguresRepository(db, org),
    reports: new ReportsRepository(db, org),
    sessions: new SessionsRepository(db),
    knownLogins: new KnownLoginsRepository(db),
    deviceData: new DeviceDataRepository(db, org),
    tablets: new TabletsRepository(db, org),
    trend: new TrendRepository(db, org),
    users: new UsersRepository(db),
  };
}

/**
 * CONSOLE-WIDE work, named so: the organisations and memberships, retention across organisations,
 * the console-wide audit rows (no organisation: scheduler runs, sign-in failures for unknown emails),
 * and the three look-ups that find an organisation from a credential before any organisation is known
 * (an agent's device id, an enrolment token, a keeper's check-in link). Never used to read an
 * organisation's data for a person.
 */
export function consoleWide(db: Executor) {
  return {
    organisations: new OrganisationsConsoleWideRepository(db),
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    retention: new RetentionRepository(db),
    audit: new AuditRepository(db, null),
    jobRuns: new JobRunsRepository(db),
    deviceForAgent: (id: string) => findDeviceAnyOrganisation(db, id),
    enrolmentTokenByHash: (tokenHash: string) => findEnrolmentTokenAnyOrganisation(db, tokenHash),
    checkinLinkByToken: (tokenHash: string) => findActiveCheckinLink(db, tokenHash),
  };
}
export type ConsoleWide = ReturnType<typeof consoleWide>;
