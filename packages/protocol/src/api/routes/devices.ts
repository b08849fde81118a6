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

/** Devices: any signed-in role reads; the IT lead (admin) changes. */
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
    summary: 'Ask the agent to collect now (admin; 409 when not connected)',
    params,
    status: 202,
    response: CollectNowResponse,
  }),
  revoke: defineRoute({ method: 'DELETE', path: '/api/devices/:id', summary: 'Revoke a device (admin)', params, response: DeviceDetail }),
};
