import type { Executor } from '../client.js';
import { AlertsRepository } from './alerts.repository.js';
import { AgentReleaseRepository } from './agent-release.repository.js';
import { AuditRepository } from './audit.repository.js';
import { ConcernsRepository } from './concerns.repository.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DevicesRepository } from './devices.repository.js';
import { EnrolmentTokensRepository } from './enrolment-tokens.repository.js';
import { ExceptionsRepository } from './exceptions.repository.js';
import { FindingsRepository } from './findings.repository.js';
import { FleetCountsRepository } from './fleet-counts.repository.js';
import { HealthRepository } from './health.repository.js';
import { HistoryRepository } from './history.repository.js';
import { JobRunsRepository } from './job-runs.repository.js';
import { KeeperRolesRepository } from './keeper-roles.repository.js';
import { NotificationsRepository } from './notifications.repository.js';
import { PasswordPromptsRepository } from './password-prompts.repository.js';
import { OrganisationRepository } from './organisation.repository.js';
import { PolicyRepository } from './policy.repository.js';
import { ReportFiguresRepository } from './report-figures.repository.js';
import { ReportsRepository } from './reports.repository.js';
import { RetentionRepository } from './retention.repository.js';
import { SessionsRepository } from './sessions.repository.js';
import { KnownLoginsRepository } from './known-logins.repository.js';
import { DeviceDataRepository } from './device-data.repository.js';
import { TabletsRepository } from './tablets.repository.js';
import { TrendRepository } from './trend.repository.js';
import { UsersRepository } from './users.repository.js';

export interface Repositories {
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
  notifications: NotificationsRepository;
  organisation: OrganisationRepository;
  policy: PolicyRepository;
  prompts: PasswordPromptsRepository;
  reportFigures: ReportFiguresRepository;
  reports: ReportsRepository;
  retention: RetentionRepository;
  sessions: SessionsRepository;
  knownLogins: KnownLoginsRepository;
  deviceData: DeviceDataRepository;
  tablets: TabletsRepository;
  trend: TrendRepository;
  users: UsersRepository;
}

/** Repositories bound to the database or to an open transaction. */
export function repositories(db: Executor): Repositories {
  return {
    alerts: new AlertsRepository(db),
    agentRelease: new AgentReleaseRepository(db),
    audit: new AuditRepository(db),
    concerns: new ConcernsRepository(db),
    deliveries: new DeliveriesRepository(db),
    devices: new DevicesRepository(db),
    enrolmentTokens: new EnrolmentTokensRepository(db),
    exceptions: new ExceptionsRepository(db),
    findings: new FindingsRepository(db),
    fleetCounts: new FleetCountsRepository(db),
    health: new HealthRepository(db),
    history: new HistoryRepository(db),
    jobRuns: new JobRunsRepository(db),
    keeperRoles: new KeeperRolesRepository(db),
    notifications: new NotificationsRepository(db),
    organisation: new OrganisationRepository(db),
    policy: new PolicyRepository(db),
    prompts: new PasswordPromptsRepository(db),
    reportFigures: new ReportFiguresRepository(db),
    reports: new ReportsRepository(db),
    retention: new RetentionRepository(db),
    sessions: new SessionsRepository(db),
    knownLogins: new KnownLoginsRepository(db),
    deviceData: new DeviceDataRepository(db),
    tablets: new TabletsRepository(db),
    trend: new TrendRepository(db),
    users: new UsersRepository(db),
  };
}
