import { z } from 'zod';
import { defineRoute } from '../route.js';

/** GET /healthz → 200 {status: "ok"}; 503 {status: "error", error} when the database does not answer or take a write, or the disk is nearly full. */
export const HealthResponse = z.object({ status: z.literal('ok') });
export type HealthResponse = z.infer<typeof HealthResponse>;

export const healthApi = {
  check: defineRoute({
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness: the console answers and its database does (no session)',
    response: HealthResponse,
  }),
};
