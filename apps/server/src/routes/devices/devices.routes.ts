import type { FastifyPluginAsync } from 'fastify';
import { DeviceStatus, UpdateDeviceRequest } from '@safefleet/protocol';
import { actorOf, currentUser, parseWith, requireRole } from '../http.js';
import { visibleDeviceDetail, visibleDeviceSummary } from '../../services/visibility.service.js';
import type { RouteOptions } from '../types.js';

interface IdParams {
  id: string;
}
interface ListQuery {
  status?: string;
  includeRevoked?: string;
}

/** /api/devices: list, detail, keeper, collect-now, revoke. */
export const devicesRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const admin = requireRole('admin');

  app.get<{ Querystring: ListQuery }>('/', async (request) => {
    const { status, includeRevoked } = request.query;
    const { role } = currentUser(request);
    return services.devices
      .list({
        ...(status ? { status: parseWith(DeviceStatus, status, 'status filter') } : {}),
        includeRevoked: includeRevoked === 'true' || includeRevoked === '1',
      })
      .map((d) => visibleDeviceSummary(role, d));
  });

  app.get<{ Params: IdParams }>('/:id', async (request) =>
    visibleDeviceDetail(currentUser(request).role, services.devices.detail(request.params.id)),
  );

  app.patch<{ Params: IdParams }>('/:id', { preHandler: admin }, async (request) => {
    const body = parseWith(UpdateDeviceRequest, request.body);
    return services.devices.updateKeeper(request.params.id, body.keeper, actorOf(request));
  });

  app.post<{ Params: IdParams }>('/:id/collect', { preHandler: admin }, async (request, reply) => {
    const { id } = request.params;
    services.devices.exists(id);
    const command = services.commands.sendCommand(id, { name: 'collect-now' });
    services.devices.auditCommand(id, actorOf(request), command.name, command.commandId);
    return reply.code(202).send({ commandId: command.commandId, name: command.name });
  });

  app.delete<{ Params: IdParams }>('/:id', { preHandler: admin }, async (request) =>
    services.devices.revoke(request.params.id, actorOf(request)),
  );
};
