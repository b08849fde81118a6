import { z } from 'zod';

/**
 * One HTTP route, declared once: the server registers it (Fastify schemas: validation,
 * serialisation, OpenAPI) and the web client calls it, both from this declaration.
 *
 * - `path` is the full path with Fastify-style `:name` parameters, e.g. `/api/devices/:id`.
 * - `params`, `query`, `body`: zod objects for the request parts (omit what the route has none of).
 * - `status` is the success status (default 200) and `response` the answer's schema at that status.
 *   A route without `response` answers something other than JSON (CSV, HTML): the web does not call it.
 * - `summary` is one line for /api/openapi.json.
 */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  status?: 200 | 201 | 202;
  response?: z.ZodType;
}

/** Declares a route; the declaration keeps its literal types (method, path, schemas). */
export function defineRoute<const R extends RouteDef>(route: R): R {
  return route;
}

type Part<R extends RouteDef, K extends 'params' | 'query' | 'body'> = R[K] extends z.ZodType ? R[K] : never;

/** What the caller sends (before zod defaults and coercion) and what the server handler receives. */
/** Path parameters: numbers are written as they print (`/api/users/3`). */
export type RouteParamsInput<R extends RouteDef> = R['params'] extends z.ZodType
  ? { [K in keyof z.input<Part<R, 'params'>>]: string | number }
  : undefined;
export type RouteQueryInput<R extends RouteDef> = R['query'] extends z.ZodType ? z.input<Part<R, 'query'>> : undefined;
export type RouteBodyInput<R extends RouteDef> = R['body'] extends z.ZodType ? z.input<Part<R, 'body'>> : undefined;
export type RouteParams<R extends RouteDef> = R['params'] extends z.ZodType ? z.output<Part<R, 'params'>> : unknown;
export type RouteQuery<R extends RouteDef> = R['query'] extends z.ZodType ? z.output<Part<R, 'query'>> : unknown;
export type RouteBody<R extends RouteDef> = R['body'] extends z.ZodType ? z.output<Part<R, 'body'>> : unknown;
/** The answer at the success status (unknown for non-JSON routes). */
export type RouteResponse<R extends RouteDef> = R['response'] extends z.ZodType ? z.output<R['response']> : unknown;

/** Path parameters as a zod object of strings, e.g. `pathParams('id')` for `/api/users/:id`. */
export function pathParams<const K extends string>(...names: K[]): z.ZodObject<{ [P in K]: z.ZodString }> {
  const shape = Object.fromEntries(names.map((n) => [n, z.string()])) as { [P in K]: z.ZodString };
  return z.object(shape);
}

/** `/api/users/:id` + `{id: 3}` → `/api/users/3` (each value URI-encoded). Throws on a missing value. */
export function routePath(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_m, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${path}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

type Has<R extends RouteDef, K extends 'params' | 'query' | 'body'> = R[K] extends z.ZodType ? true : false;

/**
 * What a client passes to call a route: `params` and `body` when the route declares them (required),
 * `query` when it declares one (optional: its fields are optional or defaulted).
 */
export type RouteCallInput<R extends RouteDef> = (Has<R, 'params'> extends true ? { params: RouteParamsInput<R> } : { params?: undefined }) &
  (Has<R, 'query'> extends true ? { query?: Partial<RouteQueryInput<R>> } : { query?: undefined }) &
  (Has<R, 'body'> extends true ? { body: RouteBodyInput<R> } : { body?: undefined });

/** A route that answers JSON (has a response schema): the ones a client calls. */
export type JsonRouteDef = RouteDef & { response: z.ZodType };
