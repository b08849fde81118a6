import { z } from 'zod';
import { IsoDateTime } from '../facts/common.js';
import { defineControl } from './control.js';

export const AgentCheckinDetails = z.union([
  /** Devices with the agent: hours since it last reported. */
  z.object({
    lastSeenAt: IsoDateTime.nullable(),
    hoursSinceLastSeen: z.number().int().optional(),
    windowHours: z.number().int(),
  }),
  /** Devices reported by an MDM, an import or the keeper: days since they last did. */
  z.object({
    lastSeenAt: IsoDateTime.nullable(),
    daysSinceLastSeen: z.number().int().optional(),
    windowDays: z.number().int(),
  }),
]);
export type AgentCheckinDetails = z.infer<typeof AgentCheckinDetails>;

export const agentCheckinControl = defineControl({
  id: 'agent-checkin',
  title: 'Device checks in',
  shortTitle: 'Check-in',
  description:
    'The Safefleet agent on the device reported to the console within the allowed number of hours (24 by default). A device that stops reporting is shown as Stale.',
  // Decided by the console from when it last heard from the device, not from a fact group.
  factGroups: [],
  settings: {
    group: 'agentCheckin',
    numbers: {
      windowHours: { label: 'Devices must check in at least every', unit: 'hours', min: 1, max: 24 * 30, default: 24 },
    },
  },
  details: AgentCheckinDetails,
});
