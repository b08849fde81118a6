import { notFound } from '../services/errors.js';

/** A numeric :id path parameter; anything else is a 404 for `what`. */
export function numericId(raw: string, what: string): number {
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw notFound(what);
  return Number(raw);
}
