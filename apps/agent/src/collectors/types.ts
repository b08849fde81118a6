import { LIMITS, type FactGroup, type FactsInput } from '@safefleet/protocol';
import type { Host, HostPlatform } from '../exec/index.js';

/** What every collector gets: the machine (through Host), the time, and the agent's state dir. */
export interface CollectContext {
  host: Host;
  now: Date;
  /** Where the agent keeps its own small state files (e.g. first-seen dates of pending updates). */
  stateDir?: string;
}

/** A fact group as a collector writes it (before zod fills defaults). */
export type GroupInput<G extends FactGroup> = FactsInput[G];

export type Collector<G extends FactGroup> = (ctx: CollectContext) => Promise<GroupInput<G>>;

/** An explicit "this OS has no collector for this signal", with words for people. */
export interface NotAvailable {
  readonly unsupported: string;
}

export type RegistryEntry<G extends FactGroup> = Collector<G> | NotAvailable;
export type PlatformTable<G extends FactGroup> = Record<HostPlatform, RegistryEntry<G>>;

/** Cut a string to the protocol's ShortString limit. */
export function clip(s: string, max: number = LIMITS.maxString): string {
  return s.length > max ? s.slice(0, max) : s;
}
