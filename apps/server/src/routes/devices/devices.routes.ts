import type { FastifyPluginAsync } from 'fastify';
import { devicesApi } from '@safefleet/protocol';
import { actorOf, currentUser } from '../http.js';
import { deviceSearchFields, visibleDeviceDetail, visibleDeviceSummary } from '../../services/visibility.service.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** /api/devices: list, detail, keeper, collect-now, revoke (routes declared in protocol devicesApi). */
export const devicesRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const admin = { roles: ['admin' as const] };

  addRoute(app, devicesApi.list, async (request) => {
    const { status, includeRevoked } = request.query;
    const { role } = currentUser(request);
    return services.devices
      .list({ ...(status ? { status } : {}), includeRevoked: includeRevoked === 'true' || includeRevoked === '1' })
      .map((d) => visibleDeviceSummary(role, d));
  });

  addRoute(app, devicesApi.page, async (request) => {
    const { role } = currentUser(request);
    const page = services.devices.page(request.query, deviceSearchFields(role));
    return { ...page, items: page.items.map((d) => visibleDeviceSummary(role, d)) };
  });

  addRoute(app, devicesApi.detail, async (request) => visibleDeviceDetail(currentUser(request).role, services.devices.detail(request.params.id)));

  addRoute(app, devicesApi.update, admin, async (request) => services.devices.updateKeeper(request.params.id, request.body.keeper, actorOf(request)));

  addRoute(app, devicesApi.collectNow, admin, async (request) => {
    const { id } = request.params;
    services.devices.exists(id);
    const command = await services.commands.deliverCommand(id, { name: 'collect-now' });
    services.devices.auditCommand(id, actorOf(request), command.name, command.commandId);
    return { commandId: command.commandId, name: 'collect-now' as const };
  });

  addRoute(app, devicesApi.exportData, admin, async (request) => services.devices.exportData(request.params.id, actorOf(request)));
  addRoute(app, devicesApi.rotateCredential, admin, async (request) => services.credentials.start(request.params.id, actorOf(request), 'requested'));
  addRoute(app, devicesApi.erase, admin, async (request) => services.devices.erase(request.params.id, actorOf(request)));

  addRoute(app, devicesApi.revoke, admin, async (request) => services.devices.revoke(request.params.id, actorOf(request)));
};
