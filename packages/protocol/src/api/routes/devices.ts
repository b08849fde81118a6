import { z } from 'zod';
import { DeviceStatus } from '../../compliance.js';
import { DeviceDetail, DevicePage, DevicePageQuery, DeviceSummary, UpdateDeviceRequest } from '../devices.js';
import { defineRoute, pathParams } from '../route.js';

/** Query of GET /api/devices: `status` filters (empty = all); `includeRevoked=true|1` adds revoked devices. */
export const DeviceListQuery = z.object({
  status: z.union([DeviceStatus, z.literal('')]).optional(),
  includeRevoked: z.string().optional(),
});
export type DeviceListQuery = z.infer<typeof DeviceListQuery>;

/** 202 answer of POST /api/devices/:id/collect: the command sent to the agent. */
export const CollectNowResponse = z.object({ commandId: z.string(), name: z.literal('collect-now') });
export type CollectNowResponse = z.infer<typeof CollectNowResponse>;

const params = pathParams('id');

/** GET /api/devices/:id/export: the device row (no credential) and every stored row about it. */
export const DeviceExport = z.object({
  exportedAt: z.string(),
  device: z.record(z.string(), z.unknown()),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});
export type DeviceExport = z.infer<typeof DeviceExport>;

/** POST /api/devices/:id/erase: how many rows went from each table. */
export const DeviceErased = z.object({ deviceId: z.string(), hostname: z.string(), erased: z.record(z.string(), z.number().int()) });
export type DeviceErased = z.infer<typeof DeviceErased>;

/** Devices: any signed-in role reads; the IT lead (admin) changes. */
/** POST /api/devices/:id/rotate-credential: a new credential was sent over the live connection. */
export const RotateCredentialResponse = z.object({ deviceId: z.string(), rotationId: z.string(), sent: z.boolean() });
export type RotateCredentialResponse = z.infer<typeof RotateCredentialResponse>;

export const devicesApi = {
  list: defineRoute({ method: 'GET', path: '/api/devices', summary: 'Devices', query: DeviceListQuery, response: DeviceSummary.array() }),
  page: defineRoute({
    method: 'GET',
    path: '/api/devices/page',
    summary: 'Devices filtered, sorted and paged on the server, with the true total',
    query: DevicePageQuery,
    response: DevicePage,
  }),
  detail: defineRoute({ method: 'GET', path: '/api/devices/:id', summary: 'One device', params, response: DeviceDetail }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/devices/:id',
    summary: "Set a device's keeper (admin)",
    params,
    body: UpdateDeviceRequest,
    response: DeviceDetail,
  }),
  collectNow: defineRoute({
    method: 'POST',
    path: '/api/devices/:id/collect',
    summary: 'Ask the agent to collect now (admin; 409 when not connected; 504 when the console process holding its connection did not confirm)',
    params,
    status: 202,
    response: CollectNowResponse,
  }),
  revoke: defineRoute({ method: 'DELETE', path: '/api/devices/:id', summary: 'Revoke a device (admin)', params, response: DeviceDetail }),
  /** Everything stored about one device (privacy: a subject access or hand-over), as JSON (admin). */
  exportData: defineRoute({
    method: 'GET',
    path: '/api/devices/:id/export',
    summary: 'Everything stored about a device, as JSON (admin)',
    params,
    response: DeviceExport,
  }),
  /** Erases a device's facts, findings, snapshots, history and credentials; the audit rows stay (admin). */
  erase: defineRoute({
    method: 'POST',
    path: '/api/devices/:id/erase',
    summary: 'Erase a device and everything stored about it (admin)',
    params,
    response: DeviceErased,
  }),
  /** Replaces the device's credential now; the old one works until the agent has stored the new one (admin). */
  rotateCredential: defineRoute({
    method: 'POST',
    path: '/api/devices/:id/rotate-credential',
    summary: "Replace a connected device's credential now (admin; 409 when it is not connected)",
    params,
    response: RotateCredentialResponse,
  }),
};
