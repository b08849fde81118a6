import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODES,
  LIMITS,
  parseAgentMessage,
  PROTOCOL_VERSION,
  type AgentHello,
  type ErrorMessage,
  type Report,
  type ReportDelta,
  type ServerMessage,
} from '@safefleet/protocol';
import type { Log } from '../services/context.js';
import { IngestError, ResendNeeded } from '../services/ingest.service.js';
import type { Services } from '../services/index.js';
import { SERVER_VERSION } from '../version.js';

const HEARTBEAT_MS = 30_000;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * One agent's live socket. Messages are handled strictly in order (a promise chain per socket);
 * every handler is wrapped so a bad agent gets an error reply (or a close) and nothing else breaks.
 */
export class AgentConnection {
  private queue: Promise<void> = Promise.resolve();
  private alive = true;
  /** Set once the device went over its allowance: later frames are dropped unread. */
  private limited = false;
  private heartbeat: NodeJS.Timeout | undefined;
  /**
   * Set after asking for a full resend: later delta reports on this connection are refused the same
   * way until a full report arrives, so reports are stored in the order the agent sent them.
   */
  private needFull = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly deviceId: string,
    private readonly services: Services,
    private readonly log: Log,
  ) {}

  start(): void {
    const { socket, deviceId, services } = this;
    // Handlers are attached synchronously so no early frame is dropped.
    socket.on('message', (data) => {
      if (this.limited) return;
      const buffer = toBuffer(data);
      const verdict = services.registry.limits.take(deviceId, buffer.length);
      if (!verdict.ok) {
        this.limited = true;
        this.log.warn({ deviceId, reason: verdict.reason }, 'agent over its allowance; disconnecting it');
        this.sendError('rate-limited', `${verdict.reason}; reconnect later (queued reports are not lost)`);
        socket.close(CLOSE_CODES.rateLimited, 'rate limited');
        return;
      }
      // One message per turn of the event loop, so a device with many queued messages cannot hold
      // the loop while other devices wait for their acks.
      this.queue = this.queue
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => this.handle(buffer))
        .catch((err: unknown) => {
          this.log.error({ err, deviceId }, 'agent message handler failed');
        });
    });
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', (code) => {
      clearInterval(this.heartbeat);
      services.registry.remove(deviceId, socket);
      this.log.info({ deviceId, code }, 'agent disconnected');
    });
    this.heartbeat = setInterval(() => {
      if (!this.alive) {
        socket.terminate();
        return;
      }
      this.alive = false;
      socket.ping();
    }, services.ctx.config.agentHeartbeatMs ?? HEARTBEAT_MS);
    this.heartbeat.unref();
    services.registry.add(deviceId, socket);
    this.log.info({ deviceId }, 'agent connected');
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private sendError(code: ErrorMessage['code'], message: string, reportId?: string): void {
    this.send({
      type: 'error',
      code,
      message: message.slice(0, LIMITS.maxErrorMessage),
      ...(reportId ? { reportId: reportId.slice(0, 100) } : {}),
    });
  }

  private async handle(data: Buffer): Promise<void> {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const parsed = parseAgentMessage(data);
    if (!parsed.ok) {
      this.log.warn({ deviceId: this.deviceId, code: parsed.code }, 'rejected an agent message');
      this.sendError(parsed.code, parsed.error, parsed.reportId);
      return;
    }
    if (parsed.message === null) {
      this.log.debug({ deviceId: this.deviceId, type: parsed.ignoredType }, 'ignored an unknown agent message type');
      return;
    }
    const message = parsed.message;
    try {
      if (message.type === 'hello') await this.onHello(message);
      else if (message.type === 'update-status') this.services.agentRelease.recordStatus(this.deviceId, message);
      else if (message.type === 'notify-status') this.services.passwordPrompts.recordNotifyStatus(this.deviceId, message);
      else if (message.type === 'report-delta') await this.onReportDelta(message);
      else if (message.type === 'credential-rotated') this.services.credentials.acknowledged(this.deviceId, message.rotationId);
      else await this.onReport(message);
    } catch (err) {
      const reportId = message.type === 'report' || message.type === 'report-delta' ? message.reportId : undefined;
      if (err instanceof ResendNeeded && reportId) {
        this.needFull = true;
        this.log.info({ deviceId: this.deviceId, reportId, reason: err.message }, 'asked the agent to send a report in full');
        this.send({ type: 'resend-full', reportId, reason: err.message.slice(0, 200) });
        return;
      }
      if (err instanceof IngestError) {
        this.sendError(err.code, err.message, reportId);
        if (err.code === 'unauthorized') this.socket.close(CLOSE_CODES.revoked, 'device revoked');
        return;
      }
      this.services.health.recordWrite(err);
      this.log.error({ err, deviceId: this.deviceId, type: message.type }, 'storing an agent message failed');
      this.sendError('internal', 'the server could not store this message; send it again later', reportId);
    }
  }

  private async onHello(hello: AgentHello): Promise<void> {
    if (hello.protocolVersion !== PROTOCOL_VERSION) {
      this.sendError(
        'protocol-version',
        `this console speaks protocol version ${PROTOCOL_VERSION}, the agent ${hello.protocolVersion}: update the agent or the console`,
      );
      this.socket.close(CLOSE_CODES.protocolVersion, 'protocol version mismatch');
      return;
    }
    await this.services.ingest.helloBatched(this.deviceId, hello);
    if (hello.refusedConsoles?.length) this.recordRefusedConsoles(hello);
    if (hello.update) this.services.agentRelease.recordStatus(this.deviceId, hello.update);
    const agentRelease = this.services.agentRelease.helloInfo();
    this.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      deviceId: this.deviceId,
      serverVersion: SERVER_VERSION,
      collectIntervalMinutes: this.services.ctx.config.collectIntervalMinutes,
      ...(agentRelease ? { agentRelease } : {}),
      deltaReports: true,
    });
    // Certificate rotation: agents learn the next pin before the console changes certificate.
    const nextPin = this.services.ctx.config.tls?.nextPin;
    if (nextPin) this.send({ type: 'next-pin', pin: nextPin });
    // Credential rotation: one left unfinished by a dropped connection, or a credential past its age.
    try {
      this.services.credentials.onHello(this.deviceId, hello.credentialRotation === true);
    } catch (err) {
      this.log.warn({ err, deviceId: this.deviceId }, 'could not start a credential rotation');
    }
  }

  /**
   * Consoles this device refused for presenting a certificate that is not the pinned one: one
   * audit row each (the refused console learned nothing, so only this console can tell the IT lead).
   */
  private recordRefusedConsoles(hello: AgentHello): void {
    for (const r of hello.refusedConsoles ?? []) {
      const who = `device ${hello.hostname || this.deviceId}`;
      const message =
        r.reason === 'plain-address'
          ? `${who} refused to send its reports to ${r.address}: a plain (unencrypted) ws:// address after an https enrolment; check the console's --public-url and where the enrolment string came from`
          : `${who} refused a console at ${r.address} presenting certificate sha256/${r.pin ?? 'unknown'}: possible interception`;
      this.services.audit.record(`device:${this.deviceId}`, 'agent.refused-console', this.deviceId, {
        message,
        reason: r.reason ?? 'wrong-certificate',
        address: r.address,
        ...(r.pin ? { pin: r.pin } : {}),
        firstAt: r.firstAt,
        lastAt: r.lastAt,
        count: r.count,
      });
      this.log.warn({ deviceId: this.deviceId, address: r.address, pin: r.pin, count: r.count }, message);
    }
  }

  private async onReportDelta(delta: ReportDelta): Promise<void> {
    if (this.needFull) throw new ResendNeeded('an earlier report on this connection is being sent again in full');
    const { duplicate } = await this.services.ingest.reportDeltaBatched(this.deviceId, delta);
    this.services.health.recordWrite(null);
    this.send({ type: 'ack', reportId: delta.reportId, seq: delta.seq, ...(duplicate ? { duplicate: true } : {}) });
  }

  private async onReport(report: Report): Promise<void> {
    this.needFull = false;
    const { duplicate } = await this.services.ingest.reportBatched(this.deviceId, report);
    this.services.health.recordWrite(null);
    // The (group) transaction has committed when ingest resolves: only now is the ack sent.
    this.send({ type: 'ack', reportId: report.reportId, seq: report.seq, ...(duplicate ? { duplicate: true } : {}) });
  }
}
