import type { Db } from '../db/client.js';
import { alertingRepositories, type AlertingRepositories } from '../db/repositories/alerting.js';
import { repositories, type Repositories } from '../db/repositories/index.js';
import type { ServiceContext } from '../services/context.js';
import type { CommandsService } from '../services/commands.service.js';
import type { AlertsOptions } from './options.js';

/** What the alert services are built from. */
export interface AlertsContext extends ServiceContext {
  options: AlertsOptions;
  commands: CommandsService;
}

/** The core repositories plus the alerting ones, bound to one executor. */
export type Tx = Repositories & AlertingRepositories;

/** Runs `fn` in one IMMEDIATE transaction with every repository. */
export function atx<T>(db: Db, fn: (r: Tx) => T): T {
  return db.transaction((tx) => fn({ ...repositories(tx), ...alertingRepositories(tx) }), { behavior: 'immediate' });
}

/** Every repository on the database itself, for reads outside a transaction. */
export function aread(db: Db): Tx {
  return { ...repositories(db), ...alertingRepositories(db) };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
