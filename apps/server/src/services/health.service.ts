import { read, type ServiceContext } from './context.js';

export class HealthService {
  constructor(private readonly ctx: ServiceContext) {}

  /** True when the database answers. */
  databaseOk(): boolean {
    try {
      return read(this.ctx.db).health.ping();
    } catch (err) {
      this.ctx.log.error({ err }, 'database health check failed');
      return false;
    }
  }
}
