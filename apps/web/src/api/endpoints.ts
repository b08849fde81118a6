import {
  Alert,
  AlertList,
  AuditList,
  ConcernDetail,
  ConcernList,
  Delivery,
  DeliveryList,
  DevicePasswordPrompts,
  NotificationSettingsView,
  Recipient,
  RecipientList,
  CatalogueResponse,
  ConsoleUser,
  DeviceDetail,
  DeviceSummary,
  EnrolmentToken,
  ExceptionList,
  ExceptionRecord,
  FirstRunResponse,
  FleetSummary,
  FleetTrend,
  KeeperRole,
  KeeperRoleList,
  LoginResponse,
  MeResponse,
  OkResponse,
  PolicySettings,
  type ActionConcernRequestInput,
  type AlertStatus,
  type AuditQuery,
  type CreateConcernRequest,
  type CreateRecipientRequestInput,
  type UpdateNotificationSettingsRequest,
  type ChangePasswordRequest,
  type CreateExceptionRequest,
  type CreateRoleRequestInput,
  type CreateUserRequest,
  type LoginRequest,
  type UpdateDeviceRequest,
  type UpdateRoleRequest,
  type UpdateUserRequest,
} from '@safefleet/protocol';
import { request, type Parser } from './client';

/** Answers we only need to know succeeded (e.g. 202 collect-now {commandId, name}). */
const anything: Parser<unknown> = { parse: (d) => d };
const enc = encodeURIComponent;

/** Every console route the web uses; each answer is checked against its protocol schema. */
export const api = {
  login: (body: LoginRequest) => request('POST', '/api/auth/login', LoginResponse, { body, anonymous: true }),
  logout: () => request('POST', '/api/auth/logout', anything, { anonymous: true }),
  me: () => request('GET', '/api/auth/me', MeResponse, { anonymous: true }),
  firstRun: () => request('GET', '/api/auth/first-run', FirstRunResponse, { anonymous: true }),
  changePassword: (body: ChangePasswordRequest) => request('POST', '/api/auth/password', OkResponse, { body }),

  devices: () => request('GET', '/api/devices', DeviceSummary.array()),
  device: (id: string) => request('GET', `/api/devices/${enc(id)}`, DeviceDetail),
  updateDevice: (id: string, body: UpdateDeviceRequest) => request('PATCH', `/api/devices/${enc(id)}`, DeviceDetail, { body }),
  collectNow: (id: string) => request('POST', `/api/devices/${enc(id)}/collect`, anything),
  revokeDevice: (id: string) => request('DELETE', `/api/devices/${enc(id)}`, DeviceDetail),

  fleetSummary: () => request('GET', '/api/fleet/summary', FleetSummary),
  fleetTrend: (days = 90) => request('GET', '/api/fleet/trend', FleetTrend, { query: { days } }),

  policy: () => request('GET', '/api/policy', PolicySettings),
  savePolicy: (body: PolicySettings) => request('PUT', '/api/policy', PolicySettings, { body }),
  catalogue: () => request('GET', '/api/catalogue', CatalogueResponse),

  createEnrolmentToken: (body: { uses: number; expiresInHours: number }) =>
    request('POST', '/api/enrolment-tokens', EnrolmentToken, { body }),

  roles: () => request('GET', '/api/roles', KeeperRoleList),
  createRole: (body: CreateRoleRequestInput) => request('POST', '/api/roles', KeeperRole, { body }),
  updateRole: (id: number, body: UpdateRoleRequest) => request('PATCH', `/api/roles/${id}`, KeeperRole, { body }),
  deleteRole: (id: number) => request('DELETE', `/api/roles/${id}`, OkResponse),

  exceptions: () => request('GET', '/api/exceptions', ExceptionList),
  createException: (body: CreateExceptionRequest) => request('POST', '/api/exceptions', ExceptionRecord, { body }),
  revokeException: (id: string) => request('DELETE', `/api/exceptions/${enc(id)}`, ExceptionRecord),

  users: () => request('GET', '/api/users', ConsoleUser.array()),
  createUser: (body: CreateUserRequest) => request('POST', '/api/users', ConsoleUser, { body }),
  updateUser: (id: number, body: UpdateUserRequest) => request('PATCH', `/api/users/${id}`, ConsoleUser, { body }),
  deleteUser: (id: number) => request('DELETE', `/api/users/${id}`, OkResponse),

  audit: (query: Partial<AuditQuery> = {}) =>
    request('GET', '/api/audit', AuditList, { query: { limit: query.limit, before: query.before, target: query.target } }),

  alerts: (query: { status?: AlertStatus; deviceId?: string; limit?: number } = {}) => request('GET', '/api/alerts', AlertList, { query }),
  alert: (id: string) => request('GET', `/api/alerts/${enc(id)}`, Alert),

  concerns: (query: Record<string, string> = {}) => request('GET', '/api/concerns', ConcernList, { query }),
  concern: (id: number) => request('GET', `/api/concerns/${id}`, ConcernDetail),
  createConcern: (body: CreateConcernRequest) => request('POST', '/api/concerns', ConcernDetail, { body }),
  assessConcern: (id: number, assessment: string) => request('POST', `/api/concerns/${id}/assess`, ConcernDetail, { body: { assessment } }),
  actionConcern: (id: number, body: ActionConcernRequestInput) => request('POST', `/api/concerns/${id}/action`, ConcernDetail, { body }),
  closeConcern: (id: number, note: string) => request('POST', `/api/concerns/${id}/close`, ConcernDetail, { body: note ? { note } : {} }),
  addConcernNote: (id: number, note: string) => request('POST', `/api/concerns/${id}/notes`, ConcernDetail, { body: { note } }),

  notificationSettings: () => request('GET', '/api/notifications/settings', NotificationSettingsView),
  saveNotificationSettings: (body: UpdateNotificationSettingsRequest) => request('PUT', '/api/notifications/settings', NotificationSettingsView, { body }),
  recipients: () => request('GET', '/api/notifications/recipients', RecipientList),
  addRecipient: (body: CreateRecipientRequestInput) => request('POST', '/api/notifications/recipients', Recipient, { body }),
  removeRecipient: (id: number) => request('DELETE', `/api/notifications/recipients/${id}`, OkResponse),
  sendTestEmail: (to?: string) => request('POST', '/api/notifications/test', Delivery, { body: to ? { to } : {} }),
  deliveries: (query: { alertId?: string; limit?: number } = {}) => request('GET', '/api/notifications/deliveries', DeliveryList, { query }),
  retryDelivery: (id: number) => request('POST', `/api/notifications/deliveries/${id}/retry`, Delivery),

  passwordPrompts: (deviceId: string) => request('GET', `/api/password-prompts/${enc(deviceId)}`, DevicePasswordPrompts),
};
