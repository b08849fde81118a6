import { z } from 'zod';

/**
 * Microsoft Graph v1.0 shapes Safefleet reads: managedDevice (GET /deviceManagement/managedDevices),
 * detectedApp (managedDevices/{id}?$expand=detectedApps) and user (GET /users with
 * lastPasswordChangeDateTime). Lists page with @odata.nextLink. learn.microsoft.com/graph/api/resources/intune-devices-manageddevice
 */
export const GraphDetectedApp = z.looseObject({
  id: z.string().optional(),
  displayName: z.string().nullable().optional(),
  version: z.string().nullable().optional(),
  platform: z.string().nullable().optional(),
});

export const GraphManagedDevice = z.looseObject({
  id: z.string(),
  deviceName: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  userDisplayName: z.string().nullable().optional(),
  emailAddress: z.string().nullable().optional(),
  operatingSystem: z.string().nullable().optional(),
  osVersion: z.string().nullable().optional(),
  androidSecurityPatchLevel: z.string().nullable().optional(),
  isEncrypted: z.boolean().nullable().optional(),
  jailBroken: z.string().nullable().optional(),
  partnerReportedThreatState: z.string().nullable().optional(),
  serialNumber: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  manufacturer: z.string().nullable().optional(),
  lastSyncDateTime: z.string().nullable().optional(),
  managedDeviceOwnerType: z.string().nullable().optional(),
  detectedApps: z.array(GraphDetectedApp).optional(),
});
export type GraphManagedDevice = z.infer<typeof GraphManagedDevice>;

export const GraphUser = z.looseObject({
  id: z.string(),
  displayName: z.string().nullable().optional(),
  userPrincipalName: z.string(),
  mail: z.string().nullable().optional(),
  lastPasswordChangeDateTime: z.string().nullable().optional(),
});
export type GraphUser = z.infer<typeof GraphUser>;

/** A group member (directoryObject): users carry @odata.type "#microsoft.graph.user" and their names. */
export const GraphDirectoryObject = z.looseObject({
  '@odata.type': z.string().optional(),
  id: z.string(),
  displayName: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
});
export type GraphDirectoryObject = z.infer<typeof GraphDirectoryObject>;

export const graphPage = <T extends z.ZodType>(item: T) => z.looseObject({ value: z.array(item), '@odata.nextLink': z.string().optional() });

export const GraphToken = z.looseObject({ access_token: z.string(), expires_in: z.number().optional(), token_type: z.string().optional() });

export const GraphError = z.looseObject({
  error: z.union([z.string(), z.looseObject({ code: z.string().optional(), message: z.string().optional() })]),
  error_description: z.string().optional(),
});
