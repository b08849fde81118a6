import { randomUUID } from 'node:crypto';
import {
  defaultExceptionExpiry,
  EXCEPTION_MAX_DAYS,
  sameRoleName,
  type CreateExceptionRequest,
  type ExceptionRecord,
  type ExceptionState,
  type PolicyException,
} from '@safefleet/protocol';
import { toPolicyException, type ExceptionRow } from '../db/repositories/exceptions.repository.js';
import type { Repositories } from '../db/repositories/index.js';
import { checkAppIds } from './catalogue.js';
import { read, transaction, type ServiceContext } from './context.js';
import { AppError, notFound } from './errors.js';
import type { EvaluationService } from './evaluation.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function exceptionState(row: Pick<ExceptionRow, 'revokedAt' | 'expiresAt'>, now: Date): ExceptionState {
  if (row.revokedAt) return 'revoked';
  return new Date(row.expiresAt).getTime() <= now.getTime() ? 'expired' : 'active';
}

function toRecord(r: Repositories, row: ExceptionRow, now: Date): ExceptionRecord {
  const e = toPolicyException(row);
  const device = e.scope.kind === 'device' ? r.devices.findById(e.scope.deviceId) : undefined;
  return {
    ...e,
    state: exceptionState(row, now),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
    deviceHostname: device?.hostname ?? null,
  };
}

/**
 * Approved exceptions: named catalogue apps allowed for a keeper role or one device, each with a
 * written risk assessment, an approver and an end date. Only active ones reach evaluate(); every
 * change re-evaluates the devices the exception covers.
 */
export class ExceptionsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EvaluationService,
  ) {}

  list(): ExceptionRecord[] {
    const r = read(this.ctx);
    const now = this.ctx.now();
    return r.exceptions.list().map((row) => toRecord(r, row, now));
  }

  get(id: string): ExceptionRecord {
    const r = read(this.ctx);
    const row = r.exceptions.findById(id);
    if (!row) throw notFound('Exception');
    return toRecord(r, row, this.ctx.now());
  }

  create(input: CreateExceptionRequest, actor: string): ExceptionRecord {
    const now = this.ctx.now();
    const appIds = checkAppIds(input.appIds);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : defaultExceptionExpiry(now);
    if (expiresAt.getTime() <= now.getTime()) throw new AppError(400, 'The end date must be in the future');
    if (expiresAt.getTime() > now.getTime() + EXCEPTION_MAX_DAYS * DAY_MS) {
      throw new AppError(400, `An exception can run for at most ${EXCEPTION_MAX_DAYS} days: choose an earlier end date`);
    }
    const scope: PolicyException['scope'] =
      input.scope.kind === 'role' ? { kind: 'role', role: input.scope.role.trim() } : { kind: 'device', deviceId: input.scope.deviceId };
    if (scope.kind === 'role' && scope.role === '') throw new AppError(400, 'Name the keeper role the exception is for');
    const exception: PolicyException = {
      id: randomUUID(),
      appIds,
      scope,
      riskAssessment: input.riskAssessment,
      approvedBy: input.approvedBy,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
    transaction(this.ctx, (r) => {
      if (scope.kind === 'device') {
        const d = r.devices.findById(scope.deviceId);
        if (!d || d.revokedAt) throw notFound('Device');
      }
      r.exceptions.create(exception, actor);
      r.audit.append(exception.createdAt, {
        actor,
        action: 'exception.created',
        target: exception.id,
        detail: {
          appIds,
          scope,
          approvedBy: exception.approvedBy,
          expiresAt: exception.expiresAt,
          riskAssessment: exception.riskAssessment,
        },
      });
    });
    this.reevaluateCovered(exception, now);
    return this.get(exception.id);
  }

  /** Revokes (idempotent: a second call answers the same record). */
  revoke(id: string, actor: string): ExceptionRecord {
    const now = this.ctx.now();
    const at = now.toISOString();
    const changed = transaction(this.ctx, (r) => {
      const row = r.exceptions.findById(id);
      if (!row) throw notFound('Exception');
      if (!r.exceptions.revoke(id, at, actor)) return null;
      r.audit.append(at, {
        actor,
        action: 'exception.revoked',
        target: id,
        detail: { appIds: toPolicyException(row).appIds, scope: toPolicyException(row).scope },
      });
      return toPolicyException(row);
    });
    if (changed) this.reevaluateCovered(changed, now);
    return this.get(id);
  }

  /**
   * Exceptions that passed their end since the last run: audit `exception.expired` (actor system)
   * once each and re-evaluate the devices they covered. Returns how many expired.
   */
  expire(now: Date = this.ctx.now()): number {
    const at = now.toISOString();
    const rows = read(this.ctx).exceptions.expiredUnhandled(at);
    let count = 0;
    for (const row of rows) {
      const marked = transaction(this.ctx, (r) => {
        if (!r.exceptions.markExpiryHandled(row.id, at)) return false;
        r.audit.append(at, {
          actor: 'system',
          action: 'exception.expired',
          target: row.id,
          detail: { appIds: toPolicyException(row).appIds, scope: toPolicyException(row).scope, expiresAt: row.expiresAt },
        });
        return true;
      });
      if (!marked) continue;
      count++;
      this.reevaluateCovered(toPolicyException(row), now);
    }
    return count;
  }

  /** Device ids (not revoked) an exception covers: its device, or devices whose keeper has its role. */
  coveredDevices(e: PolicyException): string[] {
    const devices = read(this.ctx).devices.list();
    const scope = e.scope;
    if (scope.kind === 'device') return devices.filter((d) => d.id === scope.deviceId).map((d) => d.id);
    return devices.filter((d) => sameRoleName(scope.role, d.keeperRole ?? '')).map((d) => d.id);
  }

  private reevaluateCovered(e: PolicyException, now: Date): void {
    for (const id of this.coveredDevices(e)) {
      try {
        this.evaluation.reevaluateDevice(id, 'exception', now);
      } catch (err) {
        this.ctx.log.error({ err, deviceId: id, exceptionId: e.id }, 're-evaluating a device after an exception change failed');
      }
    }
    this.ctx.events.emitSafe('fleet-changed', { at: now.toISOString(), cause: 'exception' });
  }
}
