import { z } from 'zod';
import { IsoDateTime, ShortString } from './common.js';
import { OsFacts } from './os.js';
import { AntivirusFacts } from './antivirus.js';
import { UpdatesFacts } from './updates.js';
import { AccountsFacts } from './accounts.js';
import { AppsFacts } from './apps.js';
import { EncryptionFacts } from './encryption.js';
import { ScreenLockFacts } from './screen-lock.js';

export * from './common.js';
export * from './os.js';
export * from './antivirus.js';
export * from './updates.js';
export * from './accounts.js';
export * from './apps.js';
export * from './encryption.js';
export * from './screen-lock.js';

/** Names of the fact groups, in the order collectors run and documents list them. */
export const FACT_GROUPS = ['os', 'antivirus', 'updates', 'accounts', 'apps', 'encryption', 'screenLock'] as const;
export type FactGroup = (typeof FACT_GROUPS)[number];

/** Everything one collection found on one device. */
export const Facts = z.object({
  collectedAt: IsoDateTime,
  agentVersion: ShortString,
  os: OsFacts,
  antivirus: AntivirusFacts,
  updates: UpdatesFacts,
  accounts: AccountsFacts,
  apps: AppsFacts,
  encryption: EncryptionFacts,
  screenLock: ScreenLockFacts,
});
export type Facts = z.infer<typeof Facts>;
/** Facts as written by a collector, before zod fills defaults. */
export type FactsInput = z.input<typeof Facts>;
