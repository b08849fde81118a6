import type { FastifyPluginAsync } from 'fastify';
import {
  ActionConcernRequest,
  AddConcernNoteRequest,
  AssessConcernRequest,
  CloseConcernRequest,
  ConcernListQuery,
  CreateConcernRequest,
} from '@safefleet/protocol';
import { actorOf, parseWith, requireRead } from '../http.js';
import { numericId } from '../ids.js';
import type { RouteOptions } from '../types.js';

interface IdParams {
  id: string;
}

/**
 * The safeguarding concern log: /api/concerns, /api/concerns.csv, /api/concerns/:id[/print|/assess|
 * /action|/close|/notes]. Only the DSL and the IT lead (admin); a viewer gets 403 even to read.
 * Registered without a prefix so the CSV can live at /api/concerns.csv.
 */
export const concernsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const { concerns } = services;
  app.addHook('preHandler', requireRead('concerns'));
  const id = (raw: string) => numericId(raw, 'Concern');

  app.get('/concerns', async (request) => concerns.list(parseWith(ConcernListQuery, request.query, 'query')));

  app.get('/concerns.csv', async (request, reply) => {
    const csv = concerns.csv(parseWith(ConcernListQuery, request.query, 'query'));
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="safefleet-concerns-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  app.post('/concerns', async (request, reply) => {
    const body = parseWith(CreateConcernRequest, request.body);
    return reply.code(201).send(concerns.create(body, actorOf(request)));
  });

  app.get<{ Params: IdParams }>('/concerns/:id', async (request) => concerns.detail(id(request.params.id)));

  app.get<{ Params: IdParams }>('/concerns/:id/print', async (request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('cache-control', 'no-store')
      .send(concerns.printHtml(id(request.params.id))),
  );

  app.post<{ Params: IdParams }>('/concerns/:id/assess', async (request) =>
    concerns.assess(id(request.params.id), parseWith(AssessConcernRequest, request.body), actorOf(request)),
  );

  app.post<{ Params: IdParams }>('/concerns/:id/action', async (request) =>
    concerns.action(id(request.params.id), parseWith(ActionConcernRequest, request.body), actorOf(request)),
  );

  app.post<{ Params: IdParams }>('/concerns/:id/close', async (request) =>
    concerns.close(id(request.params.id), parseWith(CloseConcernRequest, request.body ?? {}), actorOf(request)),
  );

  app.post<{ Params: IdParams }>('/concerns/:id/notes', async (request) =>
    concerns.addNote(id(request.params.id), parseWith(AddConcernNoteRequest, request.body).note, actorOf(request)),
  );
};
