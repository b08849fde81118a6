import { ApiErrorBody, type JsonRouteDef, type RouteCallInput, type RouteDef, type RouteResponse, routePath } from '@safefleet/protocol';

/** An error to show as it is: `message` is plain words for the person using the console. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Anything with parse(): the protocol's zod schemas. */
export interface Parser<T> {
  parse(data: unknown): T;
}

let unauthorised: (message: string) => void = () => {};
/** Called on any 401 from a signed-in route: the app goes back to the sign-in page. */
export function onUnauthorised(handler: (message: string) => void): void {
  unauthorised = handler;
}

const SESSION_ENDED = 'Your session has ended. Please sign in again.';

interface Issue {
  path?: unknown[];
  message?: string;
}

function issueWords(issues: unknown[] | undefined): string {
  const first = issues?.[0] as Issue | undefined;
  if (!first?.message) return '';
  const field = Array.isArray(first.path) && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return ` (${field}${first.message})`;
}

/** Plain words for a failed answer. The server's own {error} wins where it has one. */
export function messageFor(status: number, body: unknown): string {
  const parsed = ApiErrorBody.safeParse(body);
  const server = parsed.success ? parsed.data.error : '';
  if (status === 401) return server || SESSION_ENDED;
  if (status === 403) return 'Your role does not allow this. Ask your IT lead if you need it.';
  if (status >= 500) return `Something went wrong on the console (error ${status}). Try again; if it keeps happening, tell your IT lead.`;
  if (server) return server + (status === 400 && parsed.success ? issueWords(parsed.data.issues) : '');
  if (status === 404) return 'Not found: it may have been removed.';
  return `The console refused this (error ${status}).`;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Sign-in itself answers 401 for a wrong password: do not treat that as a lost session. */
  anonymous?: boolean;
}

async function request<T>(method: string, path: string, parser: Parser<T>, options: RequestOptions = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
  const url = path + (qs.size > 0 ? `?${qs.toString()}` : '');
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the console. Check the network connection and try again.');
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const message = messageFor(res.status, data);
    if (res.status === 401 && !options.anonymous) unauthorised(SESSION_ENDED);
    throw new ApiError(res.status, message);
  }
  try {
    return parser.parse(data);
  } catch (err) {
    console.error(`Unexpected answer from ${method} ${path}`, err, data);
    throw new ApiError(
      res.status,
      'The console answered in a way this page does not understand (it may be a newer or older version). Reload the page; if it keeps happening, tell your IT lead.',
    );
  }
}

/** The URL of a route declared in @safefleet/protocol, e.g. for a link to a CSV or a printable page. */
export function routeHref<R extends RouteDef>(route: R, input: RouteCallInput<R>): string {
  const { params, query } = input as { params?: Record<string, string | number>; query?: Record<string, unknown> };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const path = routePath(route.path, params);
  return path + (qs.size > 0 ? `?${qs.toString()}` : '');
}

/**
 * Calls a route declared in @safefleet/protocol: path and query from its declaration and `params`,
 * the answer checked against its response schema. `anonymous`: a 401 is an answer, not a lost session.
 */
export function call<R extends JsonRouteDef>(route: R, input: RouteCallInput<R> & { anonymous?: boolean }): Promise<RouteResponse<R>> {
  const { body, anonymous } = input as { body?: unknown; anonymous?: boolean };
  const parser = route.response as Parser<RouteResponse<R>>;
  return request(route.method, routeHref(route, input), parser, { ...(body !== undefined ? { body } : {}), ...(anonymous ? { anonymous } : {}) });
}
