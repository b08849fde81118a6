import type { PolicySettings } from '@safefleet/protocol';
import { read, transaction, type ServiceContext } from './context.js';
import type { EvaluationService } from './evaluation.service.js';
import { loadPolicy } from './stored-policy.js';

export class PolicyService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
    /** Told the approved work channels after each change (concerns waiting on them are closed). */
    private readonly onApprovedChannels: (appIds: string[], actor: string) => void = () => {},
  ) {}

  current(): PolicySettings {
    return loadPolicy(read(this.ctx), this.ctx.log);
  }

  /** Stores validated settings, then re-evaluates every device from its latest facts. Audited. */
  update(settings: PolicySettings, actor: string): PolicySettings {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      r.policy.putSettingsJson(JSON.stringify(settings), at, actor);
      r.audit.append(at, { actor, action: 'policy.updated', target: settings.id, detail: { settings } });
    });
    this.evaluation.reevaluateAll('policy');
    if (settings.approvedChannels.appIds.length > 0) {
      try {
        this.onApprovedChannels(settings.approvedChannels.appIds, actor);
      } catch (err) {
        // The policy is stored either way; a concern triaged meanwhile is left as the DSL decided.
        this.ctx.log.warn({ err }, 'closing concerns about newly approved channels failed');
      }
    }
    this.ctx.events.emitSafe('fleet-changed', { at, cause: 'policy' });
    return settings;
  }
}
