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

export const GoogleToken = z.looseObject({ access_token: z.string(), expires_in: z.number().optional(), token_type: z.string().optional() });

/** Google's error bodies: OAuth ({error, error_description}) and APIs ({error: {code, message, status}}). */
export const GoogleError = z.looseObject({
  error: z.union([z.string(), z.looseObject({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() })]),
  error_description: z.string().optional(),
});
