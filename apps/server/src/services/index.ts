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
import { DEFAULT_GROUP_COMMIT_MS, GroupCommit } from './group-commit.js';
import { OrganisationEvents, type ServerEvents } from './events.js';
import { consoleWideTransaction, readConsoleWide } from './context.js';
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

/** What every organisation's services share: the agents' connections and the ingest group commit. */
export interface SharedParts {
  group?: GroupCommit;
}

/** Wires one organisation's services together (plain constructor injection; no container). */
export function createServices(
  ctx: ServiceContext,
  registry: AgentRegistry,
  alertsOptionsInput: AlertsOptionsInput = {},
  transports?: Transports,
  shared: SharedParts = {},
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
    ingest: new IngestService(ctx, evaluation, shared.group),
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

/**
 * Every organisation's services, built on first use and kept (each organisation's caches, settings
 * and alert engine are its own). `for(id)` is the one way to get services; `consoleWideServices` is
 * organisation 1's set, used only for console-wide work that reads no organisation's data (sign-in,
 * agent updates, health) and by single-organisation tests.
 */
export class ServicesByOrganisation {
  private readonly byId = new Map<number, Services>();
  private readonly created: Array<(services: Services) => void> = [];
  /** One group commit for every organisation's ingest (one batch, one fsync). */
  readonly group: GroupCommit;

  constructor(
    private readonly base: Omit<ServiceContext, 'organisationId' | 'events'> & { events: ServerEvents },
    readonly registry: AgentRegistry,
    private readonly alertsOptionsInput: AlertsOptionsInput = {},
    private readonly transports?: Transports,
  ) {
    this.group = new GroupCommit(base.db, base.config.groupCommitMs ?? DEFAULT_GROUP_COMMIT_MS);
  }

  /** The services of organisation `organisationId` (which must exist). */
  for(organisationId: number): Services {
    const known = this.byId.get(organisationId);
    if (known) return known;
    if (!readConsoleWide(this.base.db).organisations.findById(organisationId)) throw new Error(`no organisation ${organisationId}`);
    const ctx: ServiceContext = { ...this.base, organisationId, events: new OrganisationEvents(organisationId, this.base.events) };
    const services = createServices(ctx, this.registry, this.alertsOptionsInput, this.transports, { group: this.group });
    this.byId.set(organisationId, services);
    for (const fn of this.created) fn(services);
    return services;
  }

  /** Every organisation's services (creating those not built yet), by organisation id. */
  all(): Services[] {
    return readConsoleWide(this.base.db)
      .organisations.ids()
      .map((id) => this.for(id));
  }

  /** Services already built (for shutdown). */
  built(): Services[] {
    return [...this.byId.values()];
  }

  /** Runs `fn` for every organisation's services as they are built (and for those already built). */
  onCreate(fn: (services: Services) => void): void {
    this.created.push(fn);
    for (const s of this.byId.values()) fn(s);
  }

  /**
   * Console-wide audit rows (no organisation): refusals before any organisation is known (an unknown
   * session cookie, a sign-in for an unknown email, a cross-site request without a session).
   */
  readonly consoleWideAudit = {
    record: (actor: string, action: string, target: string | null, detail: Record<string, unknown> | null = null): void => {
      consoleWideTransaction(this.base.db, (r) => r.audit.append(this.base.now().toISOString(), { actor, action, target, detail }));
    },
  };

  /** The audit of the user with this email (their first organisation's), or console-wide for an unknown email. */
  auditForEmail(email: string | null | undefined): { record: ServicesByOrganisation['consoleWideAudit']['record'] } {
    const cw = readConsoleWide(this.base.db);
    const user = email ? cw.users.findByEmail(email.trim().toLowerCase()) : undefined;
    const org = user ? cw.organisations.firstOrganisationOf(user.id) : undefined;
    return org === undefined ? this.consoleWideAudit : this.for(org).audit;
  }

  /** The console's shared event bus: every organisation's events, each tagged with its organisation. */
  get events(): ServerEvents {
    return this.base.events;
  }
}
