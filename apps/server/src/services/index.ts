import type { AgentRegistry } from '../ws/agent-registry.js';
import { AgentAuthService } from './agent-auth.service.js';
import { AlertEngine } from './alerts/alert-engine.service.js';
import { AlertMessages } from './alerts/alert-messages.js';
import { AlertsService } from './alerts/alerts.service.js';
import { DigestService } from './alerts/digest.service.js';
import { LadderService } from './alerts/ladder.service.js';
import { resolveAlertsOptions, type AlertsOptions, type AlertsOptionsInput } from './alerts/options.js';
import { AgentReleaseService } from './agent-release.service.js';
import { AuditService } from './audit.service.js';
import { AuditExportService } from './audit-export.service.js';
import { AuthService } from './auth.service.js';
import { CheckinService } from './checkin.service.js';
import { CommandsService } from './commands.service.js';
import { CredentialRotationService } from './credential-rotation.service.js';
import { ConcernsService } from './concerns/concerns.service.js';
import { ConsoleUsersService } from './console-users.service.js';
import type { ServiceContext } from './context.js';
import { DevicesService } from './devices.service.js';
import { EnrolmentService } from './enrolment.service.js';
import { EvaluationService } from './evaluation.service.js';
import { ExceptionsService } from './exceptions.service.js';
import { FleetService } from './fleet.service.js';
import { HealthService } from './health.service.js';
import { IngestService } from './ingest.service.js';
import { KeeperRolesService } from './keeper-roles.service.js';
import { DeliveryService } from './notifications/deliveries.service.js';
import { NotificationSettingsService } from './notifications/notification-settings.service.js';
import { createTransports, type Transports } from './notifications/transports.js';
import { PasswordPromptsService } from './password-prompts/password-prompts.service.js';
import { KeeperPageService } from './keeper-page.service.js';
import { OrganisationService } from './organisation.service.js';
import { PolicyService } from './policy.service.js';
import { TrusteesReportService } from './report/trustees-report.service.js';
import { RetentionService } from './retention.service.js';
import { createTabletServices, type TabletServices } from './tablets/index.js';
import { TotpService } from './totp.service.js';
import { TrendService } from './trend.service.js';
import { UsersService } from './users.service.js';

export interface Services {
  ctx: ServiceContext;
  registry: AgentRegistry;
  /** Environment settings, retry backoff and job patterns of alerts, emails and prompts. */
  alertsOptions: AlertsOptions;
  alerts: AlertsService;
  alertLadder: LadderService;
  concerns: ConcernsService;
  deliveries: DeliveryService;
  digest: DigestService;
  notificationSettings: NotificationSettingsService;
  passwordPrompts: PasswordPromptsService;
  agentAuth: AgentAuthService;
  /** Single-file agent programs served at /downloads/agent, self-update notices and hold. */
  agentRelease: AgentReleaseService;
  audit: AuditService;
  /** The activity log as a streamed CSV or JSON file. */
  auditExport: AuditExportService;
  auth: AuthService;
  checkin: CheckinService;
  commands: CommandsService;
  /** Device credential rotation over the live connection (on demand and every 90 days). */
  credentials: CredentialRotationService;
  consoleUsers: ConsoleUsersService;
  devices: DevicesService;
  enrolment: EnrolmentService;
  evaluation: EvaluationService;
  exceptions: ExceptionsService;
  fleet: FleetService;
  health: HealthService;
  ingest: IngestService;
  keeperRoles: KeeperRolesService;
  organisation: OrganisationService;
  /** The keeper's sign-in-free page. */
  keeperPage: KeeperPageService;
  policy: PolicyService;
  /** The trustees' report (figures + PDF). */
  report: TrusteesReportService;
  /** Deletes old raw reports and snapshots (daily and on start). */
  retention: RetentionService;
  /** Tablets and phones: MDM connectors, CSV import, keeper check-ins (src/services/tablets). */
  tablets: TabletServices;
  /** Optional two-step sign-in (TOTP) for the IT lead and the DSL. */
  totp: TotpService;
  trend: TrendService;
  users: UsersService;
}

/** Wires the services together (plain constructor injection; no container). */
export function createServices(
  ctx: ServiceContext,
  registry: AgentRegistry,
  alertsOptionsInput: AlertsOptionsInput = {},
  transports?: Transports,
): Services {
  const evaluation = new EvaluationService(ctx);
  const commands = new CommandsService(registry);
  const devices = new DevicesService(ctx, evaluation, registry);
  const users = new UsersService(ctx);

  const alertsOptions = resolveAlertsOptions(alertsOptionsInput);
  const notificationSettings = new NotificationSettingsService(ctx, alertsOptions.env);
  const deliveries = new DeliveryService(ctx, notificationSettings, transports ?? createTransports(alertsOptions), alertsOptions.retry);
  const organisation = new OrganisationService(ctx);
  const concerns = new ConcernsService(ctx, notificationSettings, () => organisation.calendar());
  const exceptions = new ExceptionsService(ctx, evaluation);
  concerns.useExceptions(exceptions);
  const messages = new AlertMessages(notificationSettings, deliveries);
  const engine = new AlertEngine(ctx, notificationSettings, messages, deliveries, concerns);
  const digest = new DigestService(ctx, notificationSettings, deliveries);
  // Digest switched off: send what was held at once rather than keep it.
  notificationSettings.onChange((s) => {
    if (!s.digest.enabled) digest.run();
  });

  const agentRelease = new AgentReleaseService(ctx, registry);
  return {
    ctx,
    registry,
    alertsOptions,
    alerts: new AlertsService(ctx, engine, deliveries),
    alertLadder: new LadderService(ctx, notificationSettings, messages, engine),
    concerns,
    deliveries,
    digest,
    notificationSettings,
    passwordPrompts: new PasswordPromptsService(ctx, notificationSettings, deliveries, commands),
    agentAuth: new AgentAuthService(ctx),
    agentRelease,
    audit: new AuditService(ctx),
    auditExport: new AuditExportService(ctx),
    auth: new AuthService(ctx),
    checkin: new CheckinService(ctx, evaluation),
    commands,
    credentials: new CredentialRotationService(ctx, registry),
    consoleUsers: new ConsoleUsersService(ctx, users),
    devices,
    enrolment: new EnrolmentService(ctx, () => agentRelease.updateKey(), registry),
    evaluation,
    exceptions,
    fleet: new FleetService(ctx),
    health: new HealthService(ctx),
    ingest: new IngestService(ctx, evaluation),
    keeperRoles: new KeeperRolesService(ctx),
    organisation,
    keeperPage: new KeeperPageService(ctx),
    policy: new PolicyService(ctx, evaluation, (appIds, actor) => concerns.closeForApprovedChannels(appIds, actor)),
    report: new TrusteesReportService(ctx, organisation),
    retention: new RetentionService(ctx),
    tablets: createTabletServices(ctx, evaluation, devices),
    totp: new TotpService(ctx),
    trend: new TrendService(ctx),
    users,
  };
}
