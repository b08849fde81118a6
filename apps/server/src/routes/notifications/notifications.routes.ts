import type { FastifyPluginAsync } from 'fastify';
import { notificationsApi } from '@safefleet/protocol';
import { actorOf } from '../http.js';
import { numericId } from '../ids.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/**
 * /api/notifications: alert and email settings, extra recipients, the delivery log. The DSL and the
 * IT lead read; only the IT lead (admin) changes. The SMTP password and webhook URLs are never shown.
 */
export const notificationsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const readers = { read: 'notifications' as const };
  const admin = { roles: ['admin' as const] };

  addRoute(app, notificationsApi.settings, readers, async () => services.notificationSettings.view());

  addRoute(app, notificationsApi.updateSettings, { ...admin, bodyName: 'settings' }, async (request) =>
    services.notificationSettings.update(request.body, actorOf(request)),
  );

  addRoute(app, notificationsApi.recipients, readers, async () => services.notificationSettings.recipients());

  addRoute(app, notificationsApi.addRecipient, admin, async (request) => services.notificationSettings.addRecipient(request.body, actorOf(request)));

  addRoute(app, notificationsApi.removeRecipient, admin, async (request) => {
    services.notificationSettings.removeRecipient(numericId(request.params.id, 'Recipient'), actorOf(request));
    return { ok: true as const };
  });

  addRoute(app, notificationsApi.sendTest, admin, async (request) => services.deliveries.sendTest(request.body.to, actorOf(request)));

  addRoute(app, notificationsApi.deliveries, readers, async (request) => services.deliveries.list(request.query));

  addRoute(app, notificationsApi.retryDelivery, admin, async (request) =>
    services.deliveries.retryNow(numericId(request.params.id, 'Delivery'), actorOf(request)),
  );
};
