import { AsyncLocalStorage } from 'node:async_hooks';
import type { Services, ServicesByOrganisation } from '../services/index.js';

/**
 * The organisation a request acts in. addRoute (routes/route.ts) runs every handler of a signed-in
 * request inside `inOrganisation(session's organisation)`; the `services` a route plugin receives
 * (`organisationServices`) are that organisation's. So route handlers never pick an organisation
 * themselves, and one read from a body or query cannot widen what they see.
 */
const scope = new AsyncLocalStorage<number>();

export function inOrganisation<T>(organisationId: number, fn: () => T): T {
  return scope.run(organisationId, fn);
}

export function currentOrganisation(): number | undefined {
  return scope.getStore();
}

/**
 * Services that work before any organisation is known (sign-in, enrolment by token, agent sign-in,
 * downloads, health, the keeper's link pages). They are organisation 1's instances, and each of
 * them finds the organisation from the credential it is given before it reads or writes that
 * organisation's data.
 */
const CONSOLE_WIDE_SERVICES = new Set<string>([
  'ctx',
  'registry',
  'alertsOptions',
  'auth',
  'totp',
  'agentAuth',
  'agentRelease',
  'health',
  'enrolment',
  'keeperPage',
  'tablets',
  'consoleUsers',
]);

/** What route plugins receive as `services`: the current request's organisation's services. */
export function organisationServices(byOrganisation: ServicesByOrganisation): Services {
  return new Proxy({} as Services, {
    get(_target, prop) {
      const org = scope.getStore();
      if (org !== undefined) return byOrganisation.for(org)[prop as keyof Services];
      if (typeof prop === 'string' && CONSOLE_WIDE_SERVICES.has(prop)) return byOrganisation.for(1)[prop as keyof Services];
      throw new Error(`services.${String(prop)} used outside an organisation (no signed-in session)`);
    },
  });
}
