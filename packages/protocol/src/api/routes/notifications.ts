import { OkResponse } from '../session.js';
import {
  CreateRecipientRequest,
  Delivery,
  DeliveryList,
  DeliveryListQuery,
  NotificationSettingsView,
  Recipient,
  RecipientList,
  TestEmailRequest,
  UpdateNotificationSettingsRequest,
} from '../notifications.js';
import { defineRoute, pathParams } from '../route.js';

const params = pathParams('id');

/** Alert and email settings, extra recipients, the delivery log: admin and DSL read, admin changes. */
export const notificationsApi = {
  settings: defineRoute({
    method: 'GET',
    path: '/api/notifications/settings',
    summary: 'Alert and email settings',
    response: NotificationSettingsView,
  }),
  updateSettings: defineRoute({
    method: 'PUT',
    path: '/api/notifications/settings',
    summary: 'Change alert and email settings (admin)',
    body: UpdateNotificationSettingsRequest,
    response: NotificationSettingsView,
  }),
  recipients: defineRoute({ method: 'GET', path: '/api/notifications/recipients', summary: 'Extra recipients', response: RecipientList }),
  addRecipient: defineRoute({
    method: 'POST',
    path: '/api/notifications/recipients',
    summary: 'Add a recipient (admin)',
    body: CreateRecipientRequest,
    status: 201,
    response: Recipient,
  }),
  removeRecipient: defineRoute({
    method: 'DELETE',
    path: '/api/notifications/recipients/:id',
    summary: 'Remove a recipient (admin)',
    params,
    response: OkResponse,
  }),
  sendTest: defineRoute({
    method: 'POST',
    path: '/api/notifications/test',
    summary: 'Send a test email (admin)',
    body: TestEmailRequest.prefault({}),
    status: 202,
    response: Delivery,
  }),
  deliveries: defineRoute({
    method: 'GET',
    path: '/api/notifications/deliveries',
    summary: 'The delivery log',
    query: DeliveryListQuery,
    response: DeliveryList,
  }),
  retryDelivery: defineRoute({
    method: 'POST',
    path: '/api/notifications/deliveries/:id/retry',
    summary: 'Try a delivery again now (admin)',
    params,
    response: Delivery,
  }),
};
