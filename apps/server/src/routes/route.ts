import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  FastifySchemaCompiler,
  RouteOptions as FastifyRouteOptions,
} from 'fastify';
import type { RouteBody, RouteDef, RouteParams, RouteQuery, RouteResponse, UserRole } from '@safefleet/protocol';
import type { ReadScope } from '../services/visibility.service.js';
import { requireRead, requireRole } from './http.js';
import { inOrganisation } from './organisation-scope.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Words for the body in "The … is not valid" (default "request body"). */
    bodyName?: string;
  }
}

/** Minimal structural view of a zod schema (the protocol's schemas). */
interface Schema {
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: { issues: unknown[] } };
}

const PART_NAMES: Record<string, string> = { body: 'request body', querystring: 'query', params: 'address', headers: 'headers' };

/** A request part that does not match its route's schema: answered 400 {error, issues} by the app's error handler. */
export class RequestNotValid extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly issues: unknown[],
  ) {
    super(`The ${PART_NAMES[part] ?? part} is not valid`);
    this.name = 'RequestNotValid';
  }

  /** The message, naming the body as the route's config says (e.g. "The policy is not valid"). */
  messageFor(request: FastifyRequest): string {
    const bodyName = request.routeOptions.config.bodyName;
    return this.part === 'body' && bodyName ? `The ${bodyName} is not valid` : this.message;
  }
}

/**
 * Fastify validator compiler for the protocol's zod schemas: the parsed value (defaults, coercion)
 * replaces the request part. Fastify hands an absent body over as null: parsed as absent.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<Schema> =
  ({ schema, httpPart }) =>
  (data) => {
    const r = schema.safeParse(data ?? undefined);
    return r.success ? { value: r.data } : { error: new RequestNotValid(httpPart ?? 'body', r.error.issues) };
  };

export type RouteRequest<R extends RouteDef> = FastifyRequest<{ Params: RouteParams<R>; Querystring: RouteQuery<R>; Body: RouteBody<R> }>;
type Handler<R extends RouteDef> = (request: RouteRequest<R>, reply: FastifyReply) => Promise<RouteResponse<R>> | RouteResponse<R>;

export interface AddRouteOptions {
  /** Only these roles (checked before the request is validated, so a wrong role is 403, not 400). */
  roles?: UserRole[];
  /** Only the roles that may read this scope (services/visibility.service.ts), checked like `roles`. */
  read?: ReadScope;
  /** Words for the body in "The … is not valid". */
  bodyName?: string;
  bodyLimit?: number;
  /** Hand a request that fails validation to the handler (request.validationError) instead of answering 400. */
  attachValidation?: boolean;
}

/** The route's path below the plugin's prefix: `/api/devices/:id` in the `/api/devices` plugin is `/:id`. */
function urlBelow(prefix: string, path: string): string {
  if (!path.startsWith(prefix)) throw new Error(`route ${path} declared outside its plugin's prefix ${prefix}`);
  return path.slice(prefix.length) || '/';
}

/**
 * Registers a route declared in @safefleet/protocol: its schemas validate the request, serialise
 * the answer and describe it in /api/openapi.json. The handler returns the answer at the declared status.
 */
export function addRoute<R extends RouteDef>(app: FastifyInstance, route: R, handler: Handler<R>): void;
export function addRoute<R extends RouteDef>(app: FastifyInstance, route: R, options: AddRouteOptions, handler: Handler<R>): void;
export function addRoute<R extends RouteDef>(
  app: FastifyInstance,
  route: R,
  optionsOrHandler: AddRouteOptions | Handler<R>,
  maybeHandler?: Handler<R>,
): void {
  const options = typeof optionsOrHandler === 'function' ? {} : optionsOrHandler;
  const handler = typeof optionsOrHandler === 'function' ? optionsOrHandler : maybeHandler;
  if (!handler) throw new Error(`route ${route.method} ${route.path} has no handler`);
  const status = route.status ?? 200;
  const schema: FastifySchema & { summary: string } = { summary: route.summary };
  if (route.params) schema.params = route.params;
  if (route.query) schema.querystring = route.query;
  if (route.body) schema.body = route.body;
  if (route.response) schema.response = { [status]: route.response };
  const definition: FastifyRouteOptions = {
    method: route.method,
    url: urlBelow(app.prefix, route.path),
    schema,
    config: options.bodyName ? { bodyName: options.bodyName } : {},
    preValidation: [...(options.roles ? [requireRole(...options.roles)] : []), ...(options.read ? [requireRead(options.read)] : [])],
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.attachValidation ? { attachValidation: true } : {}),
    handler: async (request, reply) => {
      if (status !== 200) reply.code(status);
      // A signed-in request acts in its session's organisation (routes/organisation-scope.ts).
      const org = request.user?.organisationId;
      return org === undefined ? handler(request as RouteRequest<R>, reply) : inOrganisation(org, () => handler(request as RouteRequest<R>, reply));
    },
  };
  app.route(definition);
}
