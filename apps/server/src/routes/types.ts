import type { Services } from '../services/index.js';

/** Options every route plugin receives from app.ts. */
export interface RouteOptions {
  services: Services;
}
