import { z } from 'zod';

/**
 * Admin SDK Directory API, mobiledevices.list (GET /admin/directory/v1/customer/{customerId}/devices/mobile):
 * the fields Safefleet reads (developers.google.com/admin-sdk/directory/reference/rest/v1/mobiledevices).
 * Everything optional: Google leaves out what a device does not report.
 */
export const GoogleMobileDevice = z.looseObject({
  resourceId: z.string(),
  deviceId: z.string().optional(),
  name: z.array(z.string()).optional(),
  email: z.array(z.string()).optional(),
  model: z.string().optional(),
  os: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
  lastSync: z.string().optional(),
  serialNumber: z.string().optional(),
  deviceCompromisedStatus: z.string().optional(),
  releaseVersion: z.string().optional(),
  securityPatchLevel: z.string().optional(),
  manufacturer: z.string().optional(),
  brand: z.string().optional(),
  encryptionStatus: z.string().optional(),
  devicePasswordStatus: z.string().optional(),
  applications: z
    .array(z.looseObject({ packageName: z.string(), displayName: z.string().optional(), versionName: z.string().optional() }))
    .optional(),
});
export type GoogleMobileDevice = z.infer<typeof GoogleMobileDevice>;

export const GoogleMobileDeviceList = z.looseObject({
  kind: z.string().optional(),
  mobiledevices: z.array(GoogleMobileDevice).optional(),
  nextPageToken: z.string().optional(),
});

/**
 * users.list (GET /admin/directory/v1/users?customer=…) and members.list
 * (GET /admin/directory/v1/groups/{groupKey}/members), both paged with nextPageToken: the fields
 * the keeper sync reads (developers.google.com/admin-sdk/directory/reference/rest/v1/users, …/members).
 */
export const GoogleUser = z.looseObject({
  id: z.string(),
  primaryEmail: z.string(),
  name: z.looseObject({ fullName: z.string().optional(), givenName: z.string().optional(), familyName: z.string().optional() }).optional(),
  suspended: z.boolean().optional(),
});
export type GoogleUser = z.infer<typeof GoogleUser>;
export const GoogleUserList = z.looseObject({ users: z.array(GoogleUser).optional(), nextPageToken: z.string().optional() });

export const GoogleMember = z.looseObject({
  id: z.string().optional(),
  email: z.string().optional(),
  role: z.string().optional(),
  /** USER, GROUP, CUSTOMER or EXTERNAL. */
  type: z.string().optional(),
  status: z.string().optional(),
});
export type GoogleMember = z.infer<typeof GoogleMember>;
export const GoogleMemberList = z.looseObject({ members: z.array(GoogleMember).optional(), nextPageToken: z.string().optional() });

export const GoogleToken = z.looseObject({ access_token: z.string(), expires_in: z.number().optional(), token_type: z.string().optional() });

/** Google's error bodies: OAuth ({error, error_description}) and APIs ({error: {code, message, status}}). */
export const GoogleError = z.looseObject({
  error: z.union([z.string(), z.looseObject({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() })]),
  error_description: z.string().optional(),
});
