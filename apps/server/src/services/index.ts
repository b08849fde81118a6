import { Alerts, type AlertsOptionsInput } from '../alerts/index.js';
import type { AgentRegistry } from '../ws/agent-registry.js';
import { AgentAuthService } from './agent-auth.service.js';
import { AuditService } from './audit.service.js';
import { AuthService } from './auth.service.js';
import { CheckinService } from './checkin.service.js';
import { CommandsService } from './commands.service.js';
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
import { OrganisationService } from './organisation.service.js';
import { PolicyService } from './policy.service.js';
import { TrendService } from './trend.service.js';
import { UsersService } from './users.service.js';

export interface Services {
  ctx: ServiceContext;
  registry: AgentRegistry;
  /** Alerts, concern log, notification settings, password prompts (src/alerts). */
  alerts: Alerts;
  agentAuth: AgentAuthService;
  audit: AuditService;
  auth: AuthService;
  checkin: CheckinService;
  commands: CommandsService;
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
  policy: PolicyService;
  trend: TrendService;
  users: UsersService;
}

/** Wires the services together (plain constructor injection; no container). */
export function createServices(ctx: ServiceContext, registry: AgentRegistry, alertsOptions: AlertsOptionsInput = {}): Services {
  const evaluation = new EvaluationService(ctx);
  const commands = new CommandsService(registry);
  const devices = new DevicesService(ctx, evaluation, registry);
  const users = new UsersService(ctx);
  return {
    ctx,
    registry,
    agentAuth: new AgentAuthService(ctx),
    audit: new AuditService(ctx),
    auth: new AuthService(ctx),
    checkin: new CheckinService(ctx, evaluation),
    commands,
    alerts: new Alerts(ctx, commands, alertsOptions),
    consoleUsers: new ConsoleUsersService(ctx, users),
    devices,
    enrolment: new EnrolmentService(ctx),
    evaluation,
    exceptions: new ExceptionsService(ctx, evaluation),
    fleet: new FleetService(ctx, devices),
    health: new HealthService(ctx),
    ingest: new IngestService(ctx, evaluation),
    keeperRoles: new KeeperRolesService(ctx),
    organisation: new OrganisationService(ctx),
    policy: new PolicyService(ctx, evaluation),
    trend: new TrendService(ctx),
    users,
  };
}
