import { CATALOGUE } from '@safefleet/policy';
import type { CatalogueApp } from '@safefleet/protocol';
import { AppError } from './errors.js';

/** The social & messaging catalogue as the console shows it (no identifiers), in catalogue order. */
export function catalogueApps(): CatalogueApp[] {
  return CATALOGUE.map((e) => ({ id: e.id, name: e.name, category: e.category, ...(e.note ? { note: e.note } : {}) }));
}

const IDS = new Set(CATALOGUE.map((e) => e.id));

/** The ids without duplicates (first order kept); 400 naming any id not in the catalogue. */
export function checkAppIds(ids: string[]): string[] {
  const unique = [...new Set(ids.map((id) => id.trim()))];
  const unknown = unique.filter((id) => !IDS.has(id));
  if (unknown.length > 0) {
    const list = unknown.map((id) => `"${id}"`).join(', ');
    throw new AppError(400, `Not in the app catalogue: ${list}`, { unknownAppIds: unknown });
  }
  return unique;
}

const NAMES = new Map(CATALOGUE.map((e) => [e.id, e.name]));

/** Catalogue id → the name people know ("teams" → "Microsoft Teams"). */
export function catalogueNames(): ReadonlyMap<string, string> {
  return NAMES;
}
