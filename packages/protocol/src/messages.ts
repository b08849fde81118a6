import { z } from 'zod';
import { IsoDateTime, LIMITS, ShortString } from './facts/common.js';
import { FACT_GROUPS, type FactGroup, Facts } from './facts/index.js';
import { FactHashes } from './fact-hashes.js';
import { AgentUpdateStatus, AgentVersion } from './api/agent-release.js';

/** Bumped on breaking changes to the envelopes below. Unknown message types are ignored, not errors. */
export const PROTOCOL_VERSION = 1;

const Hello = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int().positive(),
});

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo (DER): the enrolment string's `pin`. */
export const CertificatePin = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

/**
 * A console this agent refused because its certificate was not the pinned one (possible
 * interception). The agent keeps a few (bounded) and tells its real console in the next hello, so
 * the refusal reaches the console's audit log; the refused console itself learned nothing.
 */
export const RefusedConsole = z.object({
  /** The address the agent was connecting to, e.g. wss://console.example.org/ws/agent. */
  address: ShortString,
  /** The pin of the certificate the refused console presented (absent for a plain-address refusal). */
  pin: CertificatePin.optional(),
  /**
   * Why: a certificate that is not the pinned one, or a plain ws:// address after an https
   * enrolment (absent from agents before the second reason: a wrong certificate).
   */
  reason: z.enum(['wrong-certificate', 'plain-address']).optional(),
  firstAt: IsoDateTime,
  lastAt: IsoDateTime,
  /** How many connections to it were refused between firstAt and lastAt. */
  count: z.number().int().positive(),
});
export type RefusedConsole = z.infer<typeof RefusedConsole>;
/** At most this many refused consoles are kept and reported. */
export const MAX_REFUSED_CONSOLES = 10;

/** Agent → server, first message after connecting. */
export const AgentHello = Hello.extend({
  agentVersion: ShortString,
  hostname: ShortString,
  platform: ShortString,
  /** Highest seq the agent has assigned so far (for diagnostics). */
  lastSeq: z.number().int().nonnegative().optional(),
  /** Where this agent stands with self-update (absent from agents older than self-update). */
  update: AgentUpdateStatus.optional(),
  /** Consoles refused since the last hello this console answered (absent from older agents). */
  refusedConsoles: z.array(RefusedConsole).max(MAX_REFUSED_CONSOLES).optional(),
  /**
   * The agent applies `rotate-credential` (absent from agents older than credential rotation: the
   * console never starts a rotation they would ignore).
   */
  credentialRotation: z.literal(true).optional(),
});
export type AgentHello = z.infer<typeof AgentHello>;

/** Server → agent, reply to hello: who the agent is and how often to collect. */
export const ServerHello = Hello.extend({
  deviceId: ShortString,
  serverVersion: ShortString,
  collectIntervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  /** The agent version the console publishes (absent when it serves no builds), and whether updates are held. */
  agentRelease: z.object({ version: AgentVersion, hold: z.boolean() }).optional(),
  /** The console takes `report-delta` messages (absent from older consoles: agents then send full reports). */
  deltaReports: z.boolean().optional(),
});
export type ServerHello = z.infer<typeof ServerHello>;

/**
 * Server → agent: a build was published or the hold changed. The agent fetches
 * /downloads/agent/manifest.json from its console and checks size, SHA-256 and signature itself.
 */
export const AgentReleaseNotice = z.object({
  type: z.literal('agent-release'),
  version: AgentVersion,
  hold: z.boolean(),
});
export type AgentReleaseNotice = z.infer<typeof AgentReleaseNotice>;

/** Agent → server: its update state changed (downloading, failed, rolled back…). */
export const UpdateStatusMessage = AgentUpdateStatus.extend({ type: z.literal('update-status') });
export type UpdateStatusMessage = z.infer<typeof UpdateStatusMessage>;

/**
 * Agent → server: a `notify` command's notification was shown on screen, or the person clicked it
 * (`opened`). `commandId` is the command's. Consoles that do not know it ignore it.
 */
export const NOTIFY_EVENTS = ['shown', 'opened'] as const;
export const NotifyStatusMessage = z.object({
  type: z.literal('notify-status'),
  commandId: ShortString,
  event: z.enum(NOTIFY_EVENTS),
  at: IsoDateTime,
  /** The local user it was shown to or clicked by. */
  user: ShortString.optional(),
});
export type NotifyStatusMessage = z.infer<typeof NotifyStatusMessage>;

/** Agent → server: one full collection. `reportId` is unique; `seq` increases per device. */
export const Report = z.object({
  type: z.literal('report'),
  reportId: z.uuid(),
  seq: z.number().int().nonnegative(),
  facts: Facts,
});
export type Report = z.infer<typeof Report>;

/**
 * Agent → server: a report that leaves out the fact groups whose content hash equals the group in
 * the report the agent sent before it (or, for the first report on a connection, the last one the
 * console acknowledged). `hashes` covers every group; `facts` holds `collectedAt`, `agentVersion`
 * and the changed groups only. The console rebuilds the full facts from its latest copy, checks
 * each omitted group's hash against that copy, and answers `resend-full` when it cannot (no copy,
 * the device was erased, a hash differs): the agent then sends the same report in full.
 * Sent only to consoles whose hello said `deltaReports: true`.
 */
export const ReportDelta = z.object({
  type: z.literal('report-delta'),
  reportId: z.uuid(),
  seq: z.number().int().nonnegative(),
  hashes: FactHashes,
  facts: Facts.partial().extend({ collectedAt: Facts.shape.collectedAt, agentVersion: Facts.shape.agentVersion }),
});
export type ReportDelta = z.infer<typeof ReportDelta>;

/** Server → agent: send this report again in full (the console could not rebuild a delta report). */
export const ResendFull = z.object({
  type: z.literal('resend-full'),
  reportId: z.uuid(),
  /** Why, in plain words, for the agent's log. */
  reason: z.string().max(200),
});
export type ResendFull = z.infer<typeof ResendFull>;

/** The fact groups a delta report carries (those it did not leave out). */
export function groupsIn(delta: ReportDelta): FactGroup[] {
  return FACT_GROUPS.filter((g) => delta.facts[g] !== undefined);
}

/** Server → agent: the report is committed (or was already stored); the agent may drop it. */
export const Ack = z.object({
  type: z.literal('ack'),
  reportId: z.uuid(),
  seq: z.number().int().nonnegative().optional(),
  duplicate: z.boolean().optional(),
});
export type Ack = z.infer<typeof Ack>;

export const NotifyArgs = z.object({
  title: z.string().min(1).max(200),
  body: z.string().min(1).max(2_000),
  /** Show to this local user only; all interactive users when absent. */
  user: ShortString.optional(),
});
export type NotifyArgs = z.infer<typeof NotifyArgs>;

/** Server → agent instructions. Agents ignore command names they do not know. */
export const Command = z.discriminatedUnion('name', [
  z.object({ type: z.literal('command'), commandId: ShortString, name: z.literal('collect-now') }),
  z.object({
    type: z.literal('command'),
    commandId: ShortString,
    name: z.literal('set-interval'),
    args: z.object({
      collectIntervalMinutes: z
        .number()
        .int()
        .min(5)
        .max(24 * 60),
    }),
  }),
  z.object({ type: z.literal('command'), commandId: ShortString, name: z.literal('notify'), args: NotifyArgs }),
]);
export type Command = z.infer<typeof Command>;

/**
 * Server → agent, after hello when the console has a next certificate: its pin. The agent keeps
 * it and accepts a console showing either the enrolled pin or this one, so the console can change
 * certificate without agents refusing it. Older agents ignore this message.
 */
export const NextPin = z.object({
  type: z.literal('next-pin'),
  pin: CertificatePin,
});
export type NextPin = z.infer<typeof NextPin>;

export const ERROR_CODES = ['bad-json', 'invalid-message', 'too-large', 'unauthorized', 'internal', 'protocol-version', 'rate-limited'] as const;
export const ErrorMessage = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string().max(LIMITS.maxErrorMessage),
  /** The report this error is about, where it could be read. */
  reportId: z.string().max(100).optional(),
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;

/**
 * Device credential rotation. The console sends a new secret over the live connection; the agent
 * stores it durably, then answers `credential-rotated`. The console accepts the old and the new
 * secret until then (a dropped connection never locks the device out); after it, only the new one.
 */
export const RotateCredential = z.object({
  type: z.literal('rotate-credential'),
  rotationId: ShortString,
  /** The new device secret (same form as EnrollResponse.deviceSecret). */
  secret: z.string().min(32).max(200),
});
export type RotateCredential = z.infer<typeof RotateCredential>;

export const CredentialRotated = z.object({ type: z.literal('credential-rotated'), rotationId: ShortString });
export type CredentialRotated = z.infer<typeof CredentialRotated>;

/** Everything an agent may send. */
export const AgentMessage = z.discriminatedUnion('type', [
  AgentHello,
  Report,
  ReportDelta,
  UpdateStatusMessage,
  CredentialRotated,
  NotifyStatusMessage,
]);
export type AgentMessage = z.infer<typeof AgentMessage>;

/** Everything the server may send to an agent. */
export const ServerMessage = z.union([ServerHello, Ack, Command, ErrorMessage, AgentReleaseNotice, NextPin, ResendFull, RotateCredential]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const KNOWN_AGENT_MESSAGE_TYPES = ['hello', 'report', 'report-delta', 'update-status', 'credential-rotated', 'notify-status'] as const;
export const KNOWN_SERVER_MESSAGE_TYPES = [
  'hello',
  'ack',
  'command',
  'error',
  'agent-release',
  'next-pin',
  'resend-full',
  'rotate-credential',
] as const;

/** WebSocket close codes the gateway uses (4000–4999 are application codes). */
export const CLOSE_CODES = {
  normal: 1000,
  tooLarge: 1009,
  unauthorized: 4401,
  revoked: 4403,
  replaced: 4409,
  protocolVersion: 4426,
  /** The device sent more than its share (messages or bytes); it may reconnect once its allowance refills. */
  rateLimited: 4429,
} as const;

export type ParseResult<T> =
  | { ok: true; message: T }
  | { ok: true; message: null; ignoredType: string }
  | { ok: false; code: (typeof ERROR_CODES)[number]; error: string; reportId?: string };

function summarise(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
    .join('; ');
}

function parseWith<T>(raw: string | Buffer, known: readonly string[], schema: z.ZodType<T>): ParseResult<T> {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > LIMITS.maxMessageBytes) {
    return { ok: false, code: 'too-large', error: `message is ${size} bytes; the limit is ${LIMITS.maxMessageBytes}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return { ok: false, code: 'bad-json', error: 'message is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || typeof (data as { type?: unknown }).type !== 'string') {
    return { ok: false, code: 'invalid-message', error: 'message must be a JSON object with a string "type"' };
  }
  const type = (data as { type: string }).type;
  if (!known.includes(type)) return { ok: true, message: null, ignoredType: type.slice(0, 100) };
  const result = schema.safeParse(data);
  if (!result.success) {
    const rid = (data as { reportId?: unknown }).reportId;
    return {
      ok: false,
      code: 'invalid-message',
      error: `invalid "${type}" message: ${summarise(result.error.issues)}`,
      ...(typeof rid === 'string' ? { reportId: rid.slice(0, 100) } : {}),
    };
  }
  return { ok: true, message: result.data };
}

/** Server side: parse and validate one text frame from an agent. Unknown types come back as ignored. */
export function parseAgentMessage(raw: string | Buffer): ParseResult<AgentMessage> {
  return parseWith(raw, KNOWN_AGENT_MESSAGE_TYPES, AgentMessage);
}

/** Agent side: parse and validate one text frame from the server. Unknown types and command names are ignored. */
export function parseServerMessage(raw: string | Buffer): ParseResult<ServerMessage> {
  const r = parseWith(raw, KNOWN_SERVER_MESSAGE_TYPES, ServerMessage);
  if (!r.ok && typeof raw !== 'undefined') {
    // A command this agent version does not know is not an error: newer consoles may send it.
    try {
      const d = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) as { type?: unknown; name?: unknown };
      if (d.type === 'command' && typeof d.name === 'string' && !['collect-now', 'set-interval', 'notify'].includes(d.name)) {
        return { ok: true, message: null, ignoredType: `command:${d.name.slice(0, 100)}` };
      }
    } catch {
      /* already reported as bad-json */
    }
  }
  return r;
}

export { IsoDateTime };
