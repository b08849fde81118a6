import type { FastifyPluginAsync } from 'fastify';
import { CreateRecipientRequest, DeliveryListQuery, TestEmailRequest, UpdateNotificationSettingsRequest } from '@safefleet/protocol';
import { actorOf, parseWith, requireRole, requireRead } from '../http.js';
import { numericId } from '../ids.js';
import type { RouteOptions } from '../types.js';

interface IdParams {
  id: string;
}

/**
 * /api/notifications: alert and email settings, extra recipients, the delivery log. The DSL and the
 * IT lead read; only the IT lead (admin) changes. The SMTP password and webhook URLs are never shown.
 */
export const notificationsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const { notificationSettings: settings, deliveries } = services;
  const readers = requireRead('notifications');
  const admin = requireRole('admin');

  app.get('/settings', { preHandler: readers }, async () => settings.view());

  app.put('/settings', { preHandler: admin }, async (request) =>
    settings.update(parseWith(UpdateNotificationSettingsRequest, request.body, 'settings'), actorOf(request)),
  );

  app.get('/recipients', { preHandler: readers }, async () => settings.recipients());

  app.post('/recipients', { preHandler: admin }, async (request, reply) =>
    reply.code(201).send(settings.addRecipient(parseWith(CreateRecipientRequest, request.body), actorOf(request))),
  );

  app.delete<{ Params: IdParams }>('/recipients/:id', { preHandler: admin }, async (request) => {
    settings.removeRecipient(numericId(request.params.id, 'Recipient'), actorOf(request));
    return { ok: true };
  });

  app.post('/test', { preHandler: admin }, async (request, reply) => {
    const body = parseWith(TestEmailRequest, request.body ?? {});
    return reply.code(202).send(deliveries.sendTest(body.to, actorOf(request)));
  });

  app.get('/deliveries', { preHandler: readers }, async (request) => deliveries.list(parseWith(DeliveryListQuery, request.query, 'query')));

  app.post<{ Params: IdParams }>('/deliveries/:id/retry', { preHandler: admin }, async (request) =>
    deliveries.retryNow(numericId(request.params.id, 'Delivery'), actorOf(request)),
  );
};
