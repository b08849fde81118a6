import { hostname } from 'node:os';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { AlertsOptionsInput } from './services/alerts/options.js';
import type { ServerConfig } from './config.js';
import type { AppDatabase } from './db/client.js';
import { onStoredDataProblem, StoredDataError } from './db/stored-json.js';
import { agentEnrollRoutes } from './routes/enrolment/agent-enroll.routes.js';
import { agentReleaseRoutes } from './routes/agent-release/agent-release.routes.js';
import { downloadsRoutes } from './routes/downloads/downloads.routes.js';
import { alertsRoutes } from './routes/alerts/alerts.routes.js';
import { auditRoutes } from './routes/audit/audit.routes.js';
import { authRoutes, meRoutes } from './routes/auth/auth.routes.js';
import { sessionHook } from './routes/auth/session.hook.js';
import { catalogueRoutes } from './routes/catalogue/catalogue.routes.js';
import { concernsRoutes } from './routes/concerns/concerns.routes.js';
import { keeperRoutes } from './routes/keeper/keeper.routes.js';
import { checkinRoutes } from './routes/tablets/checkin.routes.js';
import { tabletsRoutes } from './routes/tablets/tablets.routes.js';
import { organisationRoutes } from './routes/organisation/organisation.routes.js';
import { organisationsRoutes } from './routes/organisations/organisations.routes.js';
import { reportRoutes } from './routes/report/report.routes.js';
import { devicesRoutes } from './routes/devices/devices.routes.js';
import { enrolmentTokensRoutes } from './routes/enrolment/enrolment-tokens.routes.js';
import { exceptionsRoutes } from './routes/exceptions/exceptions.routes.js';
import { fleetRoutes } from './routes/fleet/fleet.routes.js';
import { healthRoutes } from './routes/health/health.routes.js';
import { notificationsRoutes } from './routes/notifications/notifications.routes.js';
import { openapiRoutes, registerOpenApi } from './routes/openapi/openapi.routes.js';
import { policyRoutes } from './routes/policy/policy.routes.js';
import { promptsRoutes } from './routes/prompts/prompts.routes.js';
import { rolesRoutes } from './routes/roles/roles.routes.js';
import { RequestNotValid, zodValidatorCompiler } from './routes/route.js';
import { usersRoutes } from './routes/users/users.routes.js';
import { registerResponseHardening } from './routes/response-hardening.js';
import { registerSameOriginGuard } from './routes/same-origin.hook.js';
import { registerWebConsole } from './routes/web/web.routes.js';
import { startClusterNode } from './cluster/index.js';
import { newNodeId } from './scheduler/claims.js';
import { startScheduler, type Scheduler } from './scheduler/scheduler.js';
import { AppError } from './services/errors.js';
import { ServerEvents } from './services/events.js';
import { ServicesByOrganisation, type Services } from './services/index.js';
import { organisationServices } from './routes/organisation-scope.js';
import { SERVER_VERSION } from './version.js';
import { agentGateway } from './ws/agent-gateway.js';
import { consoleGateway } from './ws/console-gateway.js';
import { AgentRegistry } from './ws/agent-registry.js';
import { AGENT_MAX_FRAME_BYTES, DEFAULT_DEVICE_LIMITS, DeviceLimits } from './ws/device-limits.js';

/** Requests per minute per client address (config.rateLimit overrides; false switches them off). */
export const DEFAULT_RATE_LIMITS = { signInPerMinute: 30, writesPerMinute: 600 };
const STRICT_RATE_LIMITED = new Set(['/api/auth/login', '/api/auth/login/totp', '/agent/enroll', '/api/auth/password']);

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Organisation 1's services (a single-charity console's only organisation): for tests and
     * console-wide work. Requests use their session's organisation's (`organisations.for(id)`).
     */
    services: Services;
    /** Every organisation's services. */
    organisations: ServicesByOrganisation;
    /** Every route as registered (method, url), e.g. for tests that walk every GET route. */
    routeTable: Array<{ method: string; url: string }>;
  }
}

export interface BuildAppOptions {
  db: AppDatabase;
  config: ServerConfig;
  /** Fastify logger option; false (silent) unless given. */
  logger?: FastifyServerOptions['logger'];
  /** Clock for services (tests move time). */
  now?: () => Date;
  /** Run the node-cron jobs from onReady until close (the CLI does; tests call jobs directly). */
  scheduler?: boolean;
  /** Folder of the built web console (default: SAFEFLEET_WEB_DIR, else apps/web/dist). */
  webDir?: string;
  /** Ping interval of /ws/console sockets (default 30 s; tests shorten it). */
  consolePingMs?: number;
  /** Serve HTTPS with this certificate and key (PEM). */
  https?: { cert: string; key: string };
  /** Alerts: environment settings, retry backoff, job patterns (the CLI reads them from the environment). */
  alerts?: AlertsOptionsInput;
  /** Told of every route as it is registered (the OpenAPI test compares them with /api/openapi.json). */
  onRoute?: (route: RouteOptions) => void;
}

/** The Fastify app with every plugin registered explicitly. Does not listen. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // --trust-proxy: only the named proxy's X-Forwarded-For/-Proto/-Host are believed.
    ...(config.trustProxy
      ? {
          trustProxy: config.trustProxy
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        }
      : {}),
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance;
  const events = new ServerEvents((err, event) => app.log.error({ err, event }, 'an event listener failed'));
  const registry = new AgentRegistry(new DeviceLimits({ ...DEFAULT_DEVICE_LIMITS, ...config.deviceLimits }));
  const organisations = new ServicesByOrganisation(
    { db: db.db, config, events, log: app.log, now: options.now ?? (() => new Date()) },
    registry,
    options.alerts,
  );
  const services = organisations.for(1);
  // What route plugins call `services`: the request's organisation's (routes/organisation-scope.ts).
  const scoped = organisationServices(organisations);
  // Console processes sharing the database (--cluster): commands and live events cross between them.
  const nodeId = newNodeId();
  const cluster = startClusterNode({ mode: config.cluster, database: db, nodeId, registry, events, log: app.log });
  organisations.onCreate((s) => {
    s.commands.cluster = cluster;
  });
  app.addHook('onClose', async () => cluster.stop());
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.decorate('services', services);
  app.decorate('organisations', organisations);
  const routeTable: Array<{ method: string; url: string }> = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  onStoredDataProblem((obj, msg) => app.log.warn(obj, msg));
  app.decorateRequest('user', null);
  // @fastify/rate-limit per client address: sign-in, enrolment and password change tightly, every
  // other write route loosely, reads not at all (they are cheap and the console reloads them live).
  const limits = config.rateLimit === false ? null : { ...DEFAULT_RATE_LIMITS, ...config.rateLimit };
  if (limits) {
    app.addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      const strict = STRICT_RATE_LIMITED.has(route.url);
      const write = methods.some((m) => m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS');
      route.config = {
        ...route.config,
        rateLimit: strict ? { max: limits.signInPerMinute, timeWindow: 60_000 } : write ? { max: limits.writesPerMinute, timeWindow: 60_000 } : false,
      } as typeof route.config;
    });
  }

  // Route schemas are the protocol's zod declarations (routes/route.ts): they validate and serialise.
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (err instanceof RequestNotValid) return reply.code(400).send({ error: err.messageFor(request), issues: err.issues });
    if (err instanceof AppError) return reply.code(err.statusCode).send({ error: err.message, ...err.extra });
    if (err instanceof StoredDataError) {
      request.log.error({ err }, 'stored data could not be read');
      return reply.code(500).send({ error: err.message });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'Something went wrong on the server' });
  });
  if (limits) {
    await app.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: (_request, ctx) => new AppError(429, `Too many requests from this address — try again in ${ctx.after}`),
      onExceeded: (request) => request.log.warn({ ip: request.ip, path: request.url }, 'rate limit reached'),
    });
  }
  await registerResponseHardening(app, { https: options.https !== undefined, hsts: config.tlsCert !== undefined });
  // The built web console at / (index.html for its pages); the root 404 handler answers JSON otherwise.
  await registerWebConsole(app, options.webDir ? { webDir: options.webDir } : {});

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, {
    // Frames over the agent limit are refused by ws before they are buffered (close 1009).
    options: { maxPayload: AGENT_MAX_FRAME_BYTES },
    // Oversize frames etc.: ws already closes the socket with the right code (1009); just log.
    errorHandler(error, socket, request) {
      request.log.warn({ err: error }, 'agent socket error');
      if (socket.readyState === socket.OPEN) socket.close(1011, 'internal error');
    },
    preClose(done) {
      // Writes waiting for their group commit are committed (and acked) before the sockets close.
      organisations.group.flush();
      registry.closeAll(1001, 'server shutting down');
      for (const client of this.websocketServer.clients) client.close(1001, 'server shutting down');
      this.websocketServer.close();
      done();
    },
  });

  // Origin check on every state-changing request and WebSocket upgrade; JSON bodies only. After the
  // websocket plugin, whose own hook must see a refused upgrade to close its socket.
  registerSameOriginGuard(app, organisations);
  await registerOpenApi(app, SERVER_VERSION);
  await app.register(openapiRoutes);
  await app.register(healthRoutes, { services: scoped, organisations });
  await app.register(agentEnrollRoutes, { prefix: '/agent', services: scoped, organisations });
  await app.register(downloadsRoutes, { prefix: '/downloads', services: scoped, organisations });
  await app.register(agentGateway, { services: scoped, organisations });
  await app.register(consoleGateway, {
    services: scoped,
    organisations,
    remoteEvents: cluster.remoteEvents,
    ...(options.consolePingMs ? { pingMs: options.consolePingMs } : {}),
  });
  await app.register(authRoutes, { prefix: '/api/auth', services: scoped, organisations });
  await app.register(keeperRoutes, { services: scoped, organisations });
  await app.register(checkinRoutes, { services: scoped, organisations });
  await app.register(
    async (api) => {
      api.addHook('onRequest', sessionHook(organisations));
      api.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Not found' }));
      await api.register(meRoutes, { services: scoped, organisations });
      await api.register(devicesRoutes, { prefix: '/devices', services: scoped, organisations });
      await api.register(fleetRoutes, { prefix: '/fleet', services: scoped, organisations });
      await api.register(enrolmentTokensRoutes, { prefix: '/enrolment-tokens', services: scoped, organisations });
      await api.register(policyRoutes, { prefix: '/policy', services: scoped, organisations });
      await api.register(usersRoutes, { prefix: '/users', services: scoped, organisations });
      await api.register(rolesRoutes, { prefix: '/roles', services: scoped, organisations });
      await api.register(exceptionsRoutes, { prefix: '/exceptions', services: scoped, organisations });
      await api.register(catalogueRoutes, { prefix: '/catalogue', services: scoped, organisations });
      await api.register(auditRoutes, { prefix: '/audit', services: scoped, organisations });
      await api.register(alertsRoutes, { prefix: '/alerts', services: scoped, organisations });
      await api.register(concernsRoutes, { services: scoped, organisations });
      await api.register(organisationRoutes, { prefix: '/organisation', services: scoped, organisations });
      await api.register(reportRoutes, { prefix: '/report', services: scoped, organisations });
      await api.register(notificationsRoutes, { prefix: '/notifications', services: scoped, organisations });
      await api.register(promptsRoutes, { prefix: '/password-prompts', services: scoped, organisations });
      await api.register(agentReleaseRoutes, { prefix: '/agent-release', services: scoped, organisations });
      await api.register(tabletsRoutes, { prefix: '/tablets', services: scoped, organisations });
      await api.register(organisationsRoutes, { services: scoped, organisations });
    },
    { prefix: '/api' },
  );

  // Alerts: follow findings-changed, send queued messages; links use the listening address by default.
  // Every organisation's alert engine and delivery worker (an organisation added later starts its own).
  let ready = false;
  let listenUrl: string | undefined;
  organisations.onCreate((s) => {
    if (ready) s.alerts.start();
    if (listenUrl) s.notificationSettings.setListenUrl(listenUrl);
  });
  app.addHook('onReady', async () => {
    ready = true;
    for (const s of organisations.all()) s.alerts.start();
  });
  app.addHook('onReady', async () => services.agentRelease.start());
  app.addHook('onClose', async () => services.agentRelease.stop());
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') {
      const any = address.address === '0.0.0.0' || address.address === '::';
      const host = any ? hostname() : address.family === 'IPv6' ? `[${address.address}]` : address.address;
      listenUrl = `${options.https ? 'https' : 'http'}://${host}:${address.port}`;
      for (const s of organisations.built()) s.notificationSettings.setListenUrl(listenUrl);
    }
  });
  app.addHook('onClose', async () => {
    for (const s of organisations.built()) await s.alerts.stop();
  });

  if (options.scheduler) {
    let scheduler: Scheduler | undefined;
    app.addHook('onReady', async () => {
      scheduler = startScheduler(services, config.checkinCron, { nodeId, organisations });
    });
    app.addHook('onClose', async () => {
      await scheduler?.stop();
    });
  }
  return app;
}
