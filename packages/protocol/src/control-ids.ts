import { z } from 'zod';

/** Control ids of the CAUK pack. Other work (alerts, UI, exceptions) keys on these exact strings. */
export const CONTROL_IDS = [
  'antivirus',
  'antispyware',
  'os-updates',
  'password-age',
  'social-apps',
  'disk-encryption',
  'screen-lock',
  'agent-checkin',
] as const;
export const ControlId = z.enum(CONTROL_IDS);
export type ControlId = z.infer<typeof ControlId>;
