import type { App, AppCategory } from '@safefleet/protocol';

/** A regular expression kept as data: JS has no inline `(?-i)`, so flags are stored beside it. */
export interface CatalogueRegex {
  source: string;
  /** '' = case-sensitive, 'i' = case-insensitive. */
  flags: string;
}

/** How one app shows up on each platform (FIELD-GUIDE §6). Absent = nothing reliable is known. */
export interface CatalogueIdentifiers {
  /** Microsoft Store package family name prefixes (Name_PublisherId), matched case-insensitively. */
  windowsStore?: string[];
  /** Patterns for the Apps & features DisplayName of classic Windows programs. */
  win32DisplayName?: CatalogueRegex[];
  /** macOS bundle ids (CFBundleIdentifier). */
  macos?: string[];
  /** deb / rpm / snap package names, flatpak app ids, .desktop file basenames. */
  linux?: string[];
  /** Android package names. */
  android?: string[];
  /** iOS / iPadOS bundle ids (also matched on Macs: iPad apps on Apple silicon keep their iOS id). */
  ios?: string[];
}

export interface CatalogueEntry {
  /** Stable kebab-case id; exceptions list these, e.g. "whatsapp". */
  id: string;
  /** The name people know, e.g. "WhatsApp". */
  name: string;
  category: AppCategory;
  identifiers: CatalogueIdentifiers;
  /** Caveats about the identifiers (unofficial builds, single sources). */
  note?: string;
}

export type CatalogueMatchedBy = keyof CatalogueIdentifiers;

/** One installed app recognised as a catalogue entry. */
export interface CatalogueMatch {
  entry: CatalogueEntry;
  matchedBy: CatalogueMatchedBy;
  /** The catalogue identifier that matched: the PFN prefix, the regex source or the exact id. */
  identifier: string;
  app: App;
}
