import type { MeResponse, OrganisationMembership, ProviderOverview, ProviderOrganisationRow } from '@safefleet/protocol';
import { OrganisationSettings } from '@safefleet/protocol';
import type { SessionActor } from './auth.service.js';
import { consoleWideTransaction, readConsoleWide, transaction } from './context.js';
import { AppError, forbidden } from './errors.js';
import type { ServicesByOrganisation } from './index.js';

/**
 * Organisations as the caller sees them (console-wide, by membership): their memberships, switching
 * the session's organisation, adding an organisation (providers) and the provider overview, whose
 * figures come from the maintained counts and never include a concern's content.
 */
export class OrganisationsService {
  constructor(private readonly organisations: ServicesByOrganisation) {}

  private get db() {
    return this.organisations.for(1).ctx.db;
  }

  memberships(userId: number): OrganisationMembership[] {
    return readConsoleWide(this.db).organisations.membershipsOf(userId);
  }

  /** GET /api/auth/me: the user (role in the current organisation), the current organisation and every membership. */
  me(user: SessionActor, firstRun: boolean): MeResponse {
    const cw = readConsoleWide(this.db);
    const current = cw.organisations.findById(user.organisationId);
    return {
      user: { id: user.id, email: user.email, role: user.role },
      firstRun,
      ...(current ? { organisation: { id: current.id, name: current.name } } : {}),
      organisations: cw.organisations.membershipsOf(user.id),
    };
  }

  /** POST /api/organisations: a provider (in any organisation) adds one and becomes its provider. */
  create(user: SessionActor, name: string): OrganisationMembership {
    const cw = readConsoleWide(this.db);
    if (!cw.organisations.membershipsOf(user.id).some((m) => m.role === 'provider')) throw forbidden();
    const ctx = this.organisations.for(1).ctx;
    const at = ctx.now().toISOString();
    const created = consoleWideTransaction(this.db, (r) => r.organisations.create(name, at));
    transaction({ db: this.db, organisationId: created.id }, (r) => {
      r.memberships.add(user.id, 'provider', at);
      r.organisation.putSettings(OrganisationSettings.parse({ name }), at, `user:${user.email}`);
      r.audit.append(at, { actor: `user:${user.email}`, action: 'organisation.created', target: String(created.id), detail: { name } });
    });
    return { id: created.id, name: created.name, role: 'provider' };
  }

  /** GET /api/provider/overview: one row per organisation where the caller is provider (403 when none). */
  overview(user: SessionActor): ProviderOverview {
    const cw = readConsoleWide(this.db);
    const mine = cw.organisations.membershipsOf(user.id).filter((m) => m.role === 'provider');
    if (mine.length === 0) throw new AppError(403, 'The organisations overview is for providers');
    const figures = new Map(cw.organisations.figures(mine.map((m) => m.id)).map((f) => [f.organisationId, f]));
    const rows: ProviderOrganisationRow[] = mine.map((m) => {
      const f = figures.get(m.id);
      const n = (k: string) => f?.status[k] ?? 0;
      const compliant = n('compliant');
      const grace = n('grace');
      const nonCompliant = n('noncompliant');
      const unknown = n('notEvaluated') + n('stale');
      const judged = compliant + grace + nonCompliant;
      return {
        id: m.id,
        name: m.name,
        devices: compliant + grace + nonCompliant + unknown,
        compliant,
        grace,
        nonCompliant,
        unknown,
        compliancePercent: judged === 0 ? null : Math.round((compliant / judged) * 100),
        openAlerts: f?.openAlerts ?? 0,
        openConcerns: f?.openConcerns ?? 0,
        lastReportAt: f?.lastReportAt ?? null,
      };
    });
    return { organisations: rows, generatedAt: this.organisations.for(1).ctx.now().toISOString() };
  }
}
