import { DEFAULT_POLICY } from '@safefleet/policy';
import { PolicySettings, type PolicyException } from '@safefleet/protocol';
import type { Repositories } from '../db/repositories/index.js';
import { read, transaction, type Log, type ServiceContext } from './context.js';
import type { EvaluationService } from './evaluation.service.js';

/** The stored policy (defaults filled in), or DEFAULT_POLICY when none was saved or it is unreadable. */
export function loadPolicy(r: Repositories, log?: Log): PolicySettings {
  const json = r.policy.getSettingsJson();
  if (!json) return DEFAULT_POLICY;
  try {
    const parsed = PolicySettings.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
    log?.error({ issues: parsed.error.issues.slice(0, 5) }, 'stored policy settings are invalid; using the defaults');
  } catch (err) {
    log?.error({ err }, 'stored policy settings are not JSON; using the defaults');
  }
  return DEFAULT_POLICY;
}

export function loadExceptions(r: Repositories, now: Date): PolicyException[] {
  return r.policy.activeExceptions(now.toISOString());
}

export class PolicyService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
  ) {}

  current(): PolicySettings {
    return loadPolicy(read(this.ctx.db), this.ctx.log);
  }

  /** Stores validated settings, then re-evaluates every device from its latest facts. Audited. */
  update(settings: PolicySettings, actor: string): PolicySettings {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx.db, (r) => {
      r.policy.putSettingsJson(JSON.stringify(settings), at, actor);
      r.audit.append(at, { actor, action: 'policy.updated', target: settings.id, detail: { settings } });
    });
    this.evaluation.reevaluateAll('policy');
    this.ctx.events.emitSafe('fleet-changed', { at, cause: 'policy' });
    return settings;
  }
}
