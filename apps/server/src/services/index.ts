import type { AgentRegistry } from '../ws/agent-registry.js';
import { AgentAuthService } from './agent-auth.service.js';
import { AuthService } from './auth.service.js';
import { CheckinService } from './checkin.service.js';
import { CommandsService } from './commands.service.js';
import type { ServiceContext } from './context.js';
import { DevicesService } from './devices.service.js';
import { EnrolmentService } from './enrolment.service.js';
import { EvaluationService } from './evaluation.service.js';
import { FleetService } from './fleet.service.js';
import { HealthService } from './health.service.js';
import { IngestService } from './ingest.service.js';
import { PolicyService } from './policy.service.js';
import { UsersService } from './users.service.js';

export interface Services {
  ctx: ServiceContext;
  registry: AgentRegistry;
  agentAuth: AgentAuthService;
  auth: AuthService;
  checkin: CheckinService;
  commands: CommandsService;
  devices: DevicesService;
  enrolment: EnrolmentService;
  evaluation: EvaluationService;
  fleet: FleetService;
  health: HealthService;
  ingest: IngestService;
  policy: PolicyService;
  users: UsersService;
}

/** Wires the services together (plain constructor injection; no container). */
export function createServices(ctx: ServiceContext, registry: AgentRegistry): Services {
  const evaluation = new EvaluationService(ctx);
  const devices = new DevicesService(ctx, evaluation, registry);
  return {
    ctx,
    registry,
    agentAuth: new AgentAuthService(ctx),
    auth: new AuthService(ctx),
    checkin: new CheckinService(ctx, evaluation),
    commands: new CommandsService(registry),
    devices,
    enrolment: new EnrolmentService(ctx),
    evaluation,
    fleet: new FleetService(ctx, devices),
    health: new HealthService(ctx),
    ingest: new IngestService(ctx, evaluation),
    policy: new PolicyService(ctx, evaluation),
    users: new UsersService(ctx),
  };
}
