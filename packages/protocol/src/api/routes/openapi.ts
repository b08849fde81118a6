import { z } from 'zod';
import { defineRoute } from '../route.js';

/** The OpenAPI 3.1 description of every HTTP route, built by the server from these declarations. */
export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }) });
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;

export const openapiApi = {
  document: defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This API described as OpenAPI 3.1 (no session needed)',
    response: OpenApiDocument,
  }),
};
