import type { PolicySettings } from '@safefleet/protocol';
import { read, transaction, type ServiceContext } from './context.js';
import type { EvaluationService } from './evaluation.service.js';
import { loadPolicy } from './stored-policy.js';

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
