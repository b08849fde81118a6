import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { OpenApiDocument, openapiApi, SESSION_COOKIE } from '@safefleet/protocol';
import { addRoute } from '../route.js';

/**
 * Collects every route registered after it (call before the route plugins) into an OpenAPI 3.1
 * document; route schemas are the protocol's zod declarations. Left out on purpose: the web
 * console's static files (@fastify/static hides them) and the WebSocket routes (/ws/*: OpenAPI
 * cannot describe a socket's messages; those are the protocol's message schemas).
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Safefleet console API', version },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: (input) => {
      if (input.route.websocket) return { schema: { hide: true }, url: input.url };
      // A plugin's '/' route is also reachable without the slash: document it as /api/users, not /api/users/.
      return jsonSchemaTransform({ ...input, url: input.url.replace(/(.)\/$/, '$1') });
    },
  });
}

/** GET /api/openapi.json (public: it describes the API, not its data). */
export const openapiRoutes: FastifyPluginAsync = async (app) => {
  addRoute(app, openapiApi.document, async () => OpenApiDocument.parse(app.swagger()));
};
