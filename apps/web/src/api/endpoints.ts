import {
  type ActionConcernRequestInput,
  agentReleaseApi,
  type AlertStatus,
  type AuditQuery,
  alertsApi,
  auditApi,
  authApi,
  type ChangePasswordRequest,
  type CreateConcernRequest,
  type CreateExceptionRequest,
  type CreateRecipientRequestInput,
  type CreateRoleRequestInput,
  type CreateUserRequest,
  catalogueApi,
  concernsApi,
  devicesApi,
  enrolmentApi,
  exceptionsApi,
  fleetApi,
  type LoginRequest,
  notificationsApi,
  type PolicySettings,
  passwordPromptsApi,
  policyApi,
  rolesApi,
  type UpdateDeviceRequest,
  type UpdateNotificationSettingsRequest,
  type UpdateRoleRequest,
  type UpdateUserRequest,
  usersApi,
} from '@safefleet/protocol';
import { call } from './client';

/**
 * What the console's pages call. Paths, query and body shapes and answer schemas all come from the
 * route declarations in @safefleet/protocol (api/routes); each answer is checked against its schema.
 */
export const api = {
  login: (body: LoginRequest) => call(authApi.login, { body, anonymous: true }),
  logout: () => call(authApi.logout, { anonymous: true }),
  me: () => call(authApi.me, { anonymous: true }),
  firstRun: () => call(authApi.firstRun, { anonymous: true }),
  changePassword: (body: ChangePasswordRequest) => call(authApi.changePassword, { body }),

  devices: () => call(devicesApi.list, {}),
  device: (id: string) => call(devicesApi.detail, { params: { id } }),
  updateDevice: (id: string, body: UpdateDeviceRequest) => call(devicesApi.update, { params: { id }, body }),
  collectNow: (id: string) => call(devicesApi.collectNow, { params: { id } }),
  revokeDevice: (id: string) => call(devicesApi.revoke, { params: { id } }),

  fleetSummary: () => call(fleetApi.summary, {}),
  fleetTrend: (days = 90) => call(fleetApi.trend, { query: { days } }),

  policy: () => call(policyApi.get, {}),
  savePolicy: (body: PolicySettings) => call(policyApi.update, { body }),
  catalogue: () => call(catalogueApi.list, {}),

  createEnrolmentToken: (body: { uses: number; expiresInHours: number }) => call(enrolmentApi.createToken, { body }),
  agentRelease: () => call(agentReleaseApi.info, {}),
  setAgentUpdateHold: (hold: boolean) => call(agentReleaseApi.hold, { body: { hold } }),
  enrolmentTokens: () => call(enrolmentApi.listTokens, {}),
  revokeEnrolmentToken: (id: number) => call(enrolmentApi.revokeToken, { params: { id } }),

  roles: () => call(rolesApi.list, {}),
  createRole: (body: CreateRoleRequestInput) => call(rolesApi.create, { body }),
  updateRole: (id: number, body: UpdateRoleRequest) => call(rolesApi.update, { params: { id }, body }),
  deleteRole: (id: number) => call(rolesApi.remove, { params: { id } }),

  exceptions: () => call(exceptionsApi.list, {}),
  createException: (body: CreateExceptionRequest) => call(exceptionsApi.create, { body }),
  revokeException: (id: string) => call(exceptionsApi.revoke, { params: { id } }),

  users: () => call(usersApi.list, {}),
  createUser: (body: CreateUserRequest) => call(usersApi.create, { body }),
  updateUser: (id: number, body: UpdateUserRequest) => call(usersApi.update, { params: { id }, body }),
  deleteUser: (id: number) => call(usersApi.remove, { params: { id } }),

  audit: (query: Partial<AuditQuery> = {}) => call(auditApi.list, { query }),

  alerts: (query: { status?: AlertStatus; deviceId?: string; limit?: number } = {}) => call(alertsApi.list, { query }),
  alert: (id: string) => call(alertsApi.detail, { params: { id } }),

  concerns: (query: Record<string, string> = {}) => call(concernsApi.list, { query }),
  concern: (id: number) => call(concernsApi.detail, { params: { id } }),
  createConcern: (body: CreateConcernRequest) => call(concernsApi.create, { body }),
  assessConcern: (id: number, assessment: string) => call(concernsApi.assess, { params: { id }, body: { assessment } }),
  actionConcern: (id: number, body: ActionConcernRequestInput) => call(concernsApi.action, { params: { id }, body }),
  closeConcern: (id: number, note: string) => call(concernsApi.close, { params: { id }, body: note ? { note } : {} }),
  addConcernNote: (id: number, note: string) => call(concernsApi.addNote, { params: { id }, body: { note } }),

  notificationSettings: () => call(notificationsApi.settings, {}),
  saveNotificationSettings: (body: UpdateNotificationSettingsRequest) => call(notificationsApi.updateSettings, { body }),
  recipients: () => call(notificationsApi.recipients, {}),
  addRecipient: (body: CreateRecipientRequestInput) => call(notificationsApi.addRecipient, { body }),
  removeRecipient: (id: number) => call(notificationsApi.removeRecipient, { params: { id } }),
  sendTestEmail: (to?: string) => call(notificationsApi.sendTest, { body: to ? { to } : {} }),
  deliveries: (query: { alertId?: string; limit?: number } = {}) => call(notificationsApi.deliveries, { query }),
  retryDelivery: (id: number) => call(notificationsApi.retryDelivery, { params: { id } }),

  passwordPrompts: (deviceId: string) => call(passwordPromptsApi.forDevice, { params: { deviceId } }),
};
