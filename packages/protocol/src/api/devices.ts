import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { Facts } from '../facts/index.js';
import { ControlId, DeviceStatus, Finding, FindingStatus } from '../compliance.js';
import { pageOf, PageQuery } from './paging.js';
import { DeviceAgentUpdate } from './agent-release.js';
import { DeviceKind, DeviceSource, SOURCE_TYPES } from '../devices/source.js';

export const Keeper = z.object({
  name: ShortString,
  email: z.string().max(320).default(''),
  /** Keeper role, e.g. "Youth worker", "Social media officer": exceptions may target it. */
  role: ShortString.default(''),
});
export type Keeper = z.infer<typeof Keeper>;

export const FindingSummary = z.object({
  control: ControlId,
  status: FindingStatus,
  reason: z.string(),
});
export type FindingSummary = z.infer<typeof FindingSummary>;

/** One row of GET /api/devices. */
export const DeviceSummary = z.object({
  id: z.string(),
  hostname: z.string(),
  platform: z.string(),
  keeper: Keeper.nullable(),
  status: DeviceStatus,
  lastSeenAt: IsoDateTime.nullable(),
  findings: z.array(FindingSummary),
  kind: DeviceKind.default('laptop'),
  source: DeviceSource.default({ type: 'agent' }),
  /** The source as an assurance level in words: "Checked by the Safefleet agent", "Reported by Google Workspace"… */
  assurance: z.string().default('Checked by the Safefleet agent'),
  serial: z.string().nullable().default(null),
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;

export const StatusChange = z.object({
  at: IsoDateTime,
  status: DeviceStatus,
  /** Controls that were failing at that point. */
  failing: z.array(ControlId).default([]),
});
export type StatusChange = z.infer<typeof StatusChange>;

/** GET /api/devices/:id */
export const DeviceDetail = DeviceSummary.extend({
  agentVersion: z.string().nullable(),
  /** The agent's self-update state, as it last said (absent or null before it said anything). */
  agentUpdate: DeviceAgentUpdate.nullable().optional(),
  enrolledAt: IsoDateTime,
  revokedAt: IsoDateTime.nullable(),
  findings: z.array(Finding),
  facts: Facts.nullable(),
  factsCollectedAt: IsoDateTime.nullable(),
  /** Set when the latest report's date cannot be right, e.g. "device clock is wrong by 2,912,000 days: …". */
  clockWarning: z.string().nullable().optional(),
  history: z.array(StatusChange),
});
export type DeviceDetail = z.infer<typeof DeviceDetail>;

/** Sort keys of GET /api/devices/page. */
export const DEVICE_SORTS = ['hostname', 'lastSeenAt', 'status'] as const;

/**
 * GET /api/devices/page: devices filtered, sorted and paged on the server (status as of now, silent
 * devices already stale). `q` matches hostname or keeper name; `total` counts every match.
 */
export const DevicePageQuery = PageQuery.extend({
  status: z.union([DeviceStatus, z.literal('')]).optional(),
  q: z.string().max(200).optional(),
  /** Only this kind of device (laptop, desktop, tablet, phone). */
  kind: z.union([DeviceKind, z.literal('')]).optional(),
  /** Only devices from this source: agent, mdm (any MDM or import) or keeper. */
  source: z.union([z.enum(SOURCE_TYPES), z.literal('')]).optional(),
  sort: z.enum(DEVICE_SORTS).default('hostname'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type DevicePageQuery = z.infer<typeof DevicePageQuery>;
export const DevicePage = pageOf(DeviceSummary);
export type DevicePage = z.infer<typeof DevicePage>;

/** PATCH /api/devices/:id */
export const UpdateDeviceRequest = z.object({ keeper: Keeper.nullable() });
export type UpdateDeviceRequest = z.infer<typeof UpdateDeviceRequest>;
