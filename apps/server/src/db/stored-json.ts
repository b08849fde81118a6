/**
 * Stored JSON columns are parsed with their protocol schema once, when a repository reads them.
 * A value that does not parse (hand-edited database, a bug in an older version) is never cast
 * through: the repository either throws StoredDataError (the request fails with a plain 500 and
 * the log names the row) or, where a partial answer is still right, leaves the part out and warns.
 */
export class StoredDataError extends Error {
  constructor(
    readonly what: string,
    readonly problem: string,
  ) {
    super(`Stored ${what} could not be read: ${problem}`);
    this.name = 'StoredDataError';
  }
}

type Warn = (obj: { what: string; problem: string }, msg: string) => void;
let warn: Warn = () => {};

/** Where repositories report stored values they had to leave out (the app passes its logger). */
export function onStoredDataProblem(fn: Warn): void {
  warn = fn;
}

/** What repositories need of a protocol (zod) schema. */
export interface StoredSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }> } };
}

function problemOf(error: { issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }> }): string {
  const first = error.issues[0];
  if (!first) return 'it does not have the expected shape';
  const at = first.path.length > 0 ? ` at ${first.path.map(String).join('.')}` : '';
  return `${first.message}${at}`;
}

/** Parses a stored JSON column with its schema; throws StoredDataError naming `what` if it cannot. */
export function parseStored<T>(schema: StoredSchema<T>, json: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new StoredDataError(what, 'it is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredDataError(what, problemOf(parsed.error));
  return parsed.data;
}

/** Like parseStored, but gives undefined (and warns) instead of throwing: for optional extras. */
export function parseStoredOrSkip<T>(schema: StoredSchema<T>, json: string, what: string): T | undefined {
  try {
    return parseStored(schema, json, what);
  } catch (err) {
    if (!(err instanceof StoredDataError)) throw err;
    warn({ what, problem: err.problem }, `${err.message}; left out`);
    return undefined;
  }
}
