import { CATALOGUE_ENTRIES } from './entries.js';
import type { CatalogueEntry } from './types.js';

/** Every catalogue entry (FIELD-GUIDE §6), in the order the guide lists them. */
export const CATALOGUE: CatalogueEntry[] = CATALOGUE_ENTRIES;

export { matchCatalogue, packageFamilyName } from './match.js';
export type { CatalogueEntry, CatalogueIdentifiers, CatalogueMatch, CatalogueMatchedBy, CatalogueRegex } from './types.js';
