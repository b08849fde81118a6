import type { z } from 'zod';

/** The connector's credentials were refused (expired secret, revoked key, missing consent). */
export class ConnectorAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorAuthError';
  }
}

/** Anything else that stopped a sync, in words for the IT lead. */
export class ConnectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  fetch?: FetchFn;
  /** Waits between retries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per request for 429 and 5xx (default 5). */
  maxAttempts?: number;
  /** First backoff, doubled each retry, capped at 60 s (default 1 s). Retry-After wins when given. */
  baseDelayMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After as seconds or an HTTP date → ms; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * fetch with backoff: 429 and 5xx are retried (Retry-After honoured, else doubling from
 * baseDelayMs, capped at 60 s) up to maxAttempts; network errors too. Other statuses are returned.
 */
export async function fetchWithBackoff(url: string, init: RequestInit, opts: HttpOptions, what: string): Promise<Response> {
  const doFetch = opts.fetch ?? ((u, i) => fetch(u, i));
  const sleep = opts.sleep ?? defaultSleep;
  const max = opts.maxAttempts ?? 5;
  let delay = opts.baseDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    let res: Response | null = null;
    let failure: unknown = null;
    try {
      res = await doFetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
    } catch (err) {
      failure = err;
    }
    const retryable = res === null || res.status === 429 || res.status >= 500;
    if (!retryable) return res!;
    if (attempt >= max) {
      if (res) return res;
      throw new ConnectorError(`${what} could not be reached: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
    const wait = Math.min(60_000, (res && retryAfterMs(res.headers.get('retry-after'))) ?? delay);
    await res?.body?.cancel().catch(() => {});
    await sleep(wait);
    delay = Math.min(60_000, delay * 2);
  }
}

/** Reads a JSON body and checks it against the response schema; a mismatch says which field. */
export async function readJson<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConnectorError(`${what} answered with something that is not JSON (HTTP ${res.status})`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorError(`${what} answered in an unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`);
  }
  return parsed.data;
}

/**
 * Follows a provider's paging to the end: `page(next)` fetches one page (next = undefined for the
 * first) and says where the next one is (Google's nextPageToken, Graph's @odata.nextLink). Stops
 * with an error after maxPages, so a provider that never stops paging cannot hold a sync forever.
 */
export async function collectPages<T>(
  what: string,
  page: (next: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
  maxPages = 1000,
): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const p = await page(next);
    out.push(...p.items);
    next = p.next;
    if (!next) return out;
  }
  throw new ConnectorError(`${what} kept returning pages after ${maxPages}; stopped`);
}

/**
 * GETs with a bearer token shared by the connectors: the token is fetched on first use, renewed once
 * when the API answers 401 (an expired token), and a second 401 or a 403 becomes the provider's
 * own words (`refused`, usually a ConnectorAuthError); any other failure is `failed`. Each request
 * goes through fetchWithBackoff (429/5xx retried).
 */
export class BearerSession {
  private token: string | null = null;

  constructor(
    private readonly opts: {
      http: HttpOptions;
      /** The API's name in messages ("Microsoft Graph"). */
      what: string;
      fetchToken: () => Promise<string>;
      refused: (res: Response) => Promise<Error>;
      failed: (res: Response) => Promise<Error>;
    },
  ) {}

  async get(url: string): Promise<Response> {
    for (let tries = 0; ; tries++) {
      this.token ??= await this.opts.fetchToken();
      const res = await fetchWithBackoff(
        url,
        { headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' } },
        this.opts.http,
        this.opts.what,
      );
      if (res.status === 401 && tries === 0) {
        await res.body?.cancel().catch(() => {});
        this.token = null;
        continue;
      }
      if (res.status === 401 || res.status === 403) throw await this.opts.refused(res);
      if (!res.ok) throw await this.opts.failed(res);
      return res;
    }
  }
}
