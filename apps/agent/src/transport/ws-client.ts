import { EventEmitter } from 'node:events';
import WebSocket, { type RawData } from 'ws';
import {
  type NotifyStatusMessage,
  CLOSE_CODES,
  LIMITS,
  PROTOCOL_VERSION,
  parseServerMessage,
  type AgentHello,
  type Command,
  type ErrorMessage,
  type ServerHello,
  type AgentReleaseNotice,
  type AgentUpdateStatus,
  type UpdateStatusMessage,
  type FactHashes,
  type CredentialRotated,
  type RotateCredential,
} from '@safefleet/protocol';
import { encodeReport } from './delta.js';
import { describeClose, PIN_MISMATCH } from './close-reasons.js';
import { pinnedConnection, PinMismatchError } from './pinned-tls.js';
import { backoffDelay, DEFAULT_BACKOFF, formatDelay, type BackoffOptions } from './backoff.js';
import type { Outbox, OutboxEntry } from './outbox.js';

type Log = (message: string) => void;

export interface WsClientOptions {
  /** e.g. ws://127.0.0.1:8080/ws/agent */
  url: string;
  deviceId: string;
  deviceSecret: string;
  outbox: Outbox;
  /** Fields of the hello sent on every connection (called each time, so lastSeq stays current). */
  hello: () => Omit<AgentHello, 'type' | 'protocolVersion'>;
  log?: Log;
  backoff?: Partial<BackoffOptions>;
  /** Ping this often; no pong by the next ping means the connection is dead. Default 30 s. */
  heartbeatMs?: number;
  /** Give up on a connection that has not said hello back within this time. Default 30 s. */
  helloTimeoutMs?: number;
  /** Send again a report the console could not store (error "internal") after this long. Default 60 s. */
  retryMs?: number;
  random?: () => number;
  /**
   * The console certificate pins this agent accepts (enrolled pin and any announced next pin).
   * With pins, a wss:// connection is refused unless the certificate matches one of them.
   */
  pins?: () => readonly string[];
  /** Which pin the console's certificate matched on the last connection. */
  onPinMatched?: (pin: string) => void;
  /** A console was refused: its certificate (`err.got`) is not a pinned one. */
  onPinRefused?: (err: PinMismatchError) => void;
}

export interface WsClientEvents {
  ready: [hello: ServerHello];
  command: [command: Command];
  /** The console published an agent version or changed the update hold. */
  release: [notice: AgentReleaseNotice];
  acked: [entry: OutboxEntry];
  rejected: [entry: OutboxEntry, error: ErrorMessage];
  disconnected: [info: { code: number; reason: string }];
  reconnecting: [info: { attempt: number; delayMs: number }];
  'next-pin': [pin: string];
  /** The console sent a new device credential: store it, then call credentialStored. */
  'rotate-credential': [message: RotateCredential];
}

/** Errors that mean "this report will never be accepted": set it aside rather than resend it forever. */
const REJECTING_CODES: ReadonlySet<ErrorMessage['code']> = new Set(['invalid-message', 'too-large', 'bad-json']);

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * The agent's connection to the console: authenticates with the device secret, says hello,
 * sends every unacked outbox report in seq order once the console says hello back, removes
 * reports when acked, and reconnects with exponential backoff and full jitter.
 */
export class WsClient extends EventEmitter<WsClientEvents> {
  private ws: WebSocket | undefined;
  private stopped = true;
  private attempt = 0;
  private readyAt: number | undefined;
  private everOpened = false;
  private lastError: string | undefined;
  private forceMaxBackoff = false;
  private alive = true;
  private sentIds = new Set<string>();
  private flushChain: Promise<unknown> = Promise.resolve();
  private timers = new Set<NodeJS.Timeout>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Delta reports (protocol): the console said it takes them in its hello. */
  private deltaReports = false;
  /** Hashes of the fact groups the console holds as far as this agent knows (the last report acked). */
  private ackedHashes: FactHashes | undefined;
  /** The base for the next delta on this connection: the hashes of the report sent just before. */
  private baseHashes: FactHashes | undefined;
  /** Hashes of reports sent and not yet acked. */
  private sentHashes = new Map<string, FactHashes>();
  /** Reports the console asked for in full (`resend-full`). */
  private sendFull = new Set<string>();
  /** Bytes of report messages sent, full and delta (for the log and tests). */
  readonly sentBytes = { full: 0, delta: 0, fullCount: 0, deltaCount: 0 };
  private readonly backoff: BackoffOptions;
  private readonly log: Log;

  constructor(private readonly opts: WsClientOptions) {
    super();
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.log = opts.log ?? (() => undefined);
  }

  /** True between the console's hello and the connection closing. */
  get ready(): boolean {
    return this.readyAt !== undefined && this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Close the connection and stop reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = undefined;
    this.readyAt = undefined;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    if (ws.readyState !== WebSocket.OPEN) {
      ws.terminate();
      return;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2_000);
      ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      ws.close(CLOSE_CODES.normal, 'agent stopping');
    });
  }

  /**
   * Send every queued report not yet sent on this connection, lowest seq first.
   * Call after queuing a report; does nothing while offline (the reconnect sends them).
   */
  flush(): Promise<void> {
    const run = this.flushChain.then(() => this.sendPending(false));
    this.flushChain = run.catch((err: Error) => this.log(`could not send queued reports: ${err.message}`));
    return this.flushChain.then(() => undefined);
  }

  private connect(): void {
    if (this.stopped) return;
    const { url, deviceId, deviceSecret } = this.opts;
    this.everOpened = false;
    this.lastError = undefined;
    const pins = this.opts.pins;
    const pinned = url.startsWith('wss:') && pins !== undefined && pins().length > 0;
    const ws = new WebSocket(url, {
      headers: { Authorization: `Bearer ${deviceId}.${deviceSecret}` },
      maxPayload: LIMITS.maxMessageBytes,
      handshakeTimeout: 15_000,
      // The console does not compress (ws' server default); not offering it keeps zlib unloaded.
      perMessageDeflate: false,
      // The device secret goes out only after the certificate matched the pin.
      ...(pinned ? { createConnection: pinnedConnection(pins, this.opts.onPinMatched) as never } : {}),
    });
    this.ws = ws;
    ws.on('open', () => this.onOpen(ws));
    ws.on('message', (data) => {
      if (ws !== this.ws) return;
      this.alive = true;
      this.onMessage(toBuffer(data)).catch((err: Error) => this.log(`could not handle a message from the console: ${err.message}`));
    });
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (err) => {
      if (err instanceof PinMismatchError) {
        this.log(err.message);
        this.lastError = PIN_MISMATCH;
        this.opts.onPinRefused?.(err);
        return;
      }
      this.lastError = (err as NodeJS.ErrnoException).code ?? err.message;
    });
    ws.on('close', (code, reason) => this.onClose(ws, code, reason.toString('utf8')));
  }

  private onOpen(ws: WebSocket): void {
    if (ws !== this.ws) return;
    this.everOpened = true;
    this.sentIds = new Set();
    this.alive = true;
    const hello: AgentHello = { type: 'hello', protocolVersion: PROTOCOL_VERSION, ...this.opts.hello() };
    ws.send(JSON.stringify(hello));
    this.later(this.opts.helloTimeoutMs ?? 30_000, () => {
      if (ws === this.ws && this.readyAt === undefined) {
        this.log('the console did not answer hello in time; reconnecting');
        ws.terminate();
      }
    });
    const every = this.opts.heartbeatMs ?? 30_000;
    this.heartbeat = setInterval(() => {
      if (ws !== this.ws) return;
      if (!this.alive) {
        this.log(`no reply from the console for ${formatDelay(every)}; reconnecting`);
        ws.terminate();
        return;
      }
      this.alive = false;
      ws.ping();
    }, every);
  }

  private async onMessage(raw: Buffer): Promise<void> {
    const r = parseServerMessage(raw);
    if (!r.ok) {
      this.log(`ignored a message from the console that could not be read (${r.code}: ${r.error})`);
      return;
    }
    if (r.message === null) return; // a newer console's message type or command: ignored on purpose
    const msg = r.message;
    switch (msg.type) {
      case 'hello': {
        const first = this.readyAt === undefined;
        this.readyAt = Date.now();
        this.forceMaxBackoff = false;
        if (msg.deviceId !== this.opts.deviceId) {
          this.log(`the console calls this device ${msg.deviceId}, but it enrolled as ${this.opts.deviceId}`);
        }
        if (first) this.log(`connected to ${this.opts.url} as device ${msg.deviceId}`);
        this.deltaReports = msg.deltaReports === true;
        this.baseHashes = this.ackedHashes;
        this.sentHashes.clear();
        this.emit('ready', msg);
        await this.flushAfterHello();
        return;
      }
      case 'ack': {
        this.sentIds.delete(msg.reportId);
        this.sendFull.delete(msg.reportId);
        const hashes = this.sentHashes.get(msg.reportId);
        if (hashes) {
          this.sentHashes.delete(msg.reportId);
          this.ackedHashes = hashes;
        }
        const entry = await this.opts.outbox.remove(msg.reportId);
        if (entry) {
          this.log(`acked seq ${entry.seq}`);
          this.emit('acked', entry);
        }
        return;
      }
      case 'error':
        await this.onError(msg);
        return;
      case 'resend-full':
        // The console could not rebuild a delta report (no copy, erased, a hash differs): send it whole.
        if (!this.opts.outbox.has(msg.reportId)) return;
        this.log(`the console asked for a full report (${msg.reason}); sending it again`);
        this.sendFull.add(msg.reportId);
        this.sentIds.delete(msg.reportId);
        this.sentHashes.delete(msg.reportId);
        this.ackedHashes = undefined;
        await this.flush();
        return;
      case 'command':
        this.emit('command', msg);
        return;
      case 'next-pin':
        this.emit('next-pin', msg.pin);
        return;
      case 'agent-release':
        this.emit('release', msg);
        return;
      case 'rotate-credential':
        this.emit('rotate-credential', msg);
        return;
    }
  }

  /**
   * The new credential is stored durably: use it for every later connection and tell the console,
   * which then stops accepting the old one. False when not connected (the console starts again).
   */
  credentialStored(secret: string, rotationId: string): boolean {
    this.opts.deviceSecret = secret;
    const ws = this.ws;
    if (!this.ready || !ws) return false;
    const message: CredentialRotated = { type: 'credential-rotated', rotationId };
    ws.send(JSON.stringify(message));
    return true;
  }

  /** Tell the console this agent's update state; false when not connected (the next hello carries it). */
  sendUpdateStatus(status: AgentUpdateStatus): boolean {
    const ws = this.ws;
    if (!this.ready || !ws) return false;
    const message: UpdateStatusMessage = { type: 'update-status', ...status };
    ws.send(JSON.stringify(message));
    return true;
  }

  /** Tell the console a notification was shown or clicked; false when not connected (then it is lost: the console keeps "sent"). */
  sendNotifyStatus(status: Omit<NotifyStatusMessage, 'type'>): boolean {
    const ws = this.ws;
    if (!this.ready || !ws) return false;
    const message: NotifyStatusMessage = { type: 'notify-status', ...status };
    ws.send(JSON.stringify(message));
    return true;
  }

  private async onError(msg: ErrorMessage): Promise<void> {
    const id = msg.reportId;
    const entry = id ? this.opts.outbox.get(id) : undefined;
    if (!id || !entry) {
      this.log(`the console reported an error: ${msg.code}: ${msg.message}`);
      return;
    }
    if (REJECTING_CODES.has(msg.code)) {
      const moved = await this.opts.outbox.reject(id, `${msg.code}: ${msg.message}`);
      if (moved) this.emit('rejected', moved, msg);
      return;
    }
    this.sentIds.delete(id);
    const retry = this.opts.retryMs ?? 60_000;
    this.log(`the console could not store seq ${entry.seq} (${msg.code}: ${msg.message}); sending it again in ${formatDelay(retry)}`);
    this.later(retry, () => void this.flush());
  }

  private async flushAfterHello(): Promise<void> {
    const run = this.flushChain.then(() => this.sendPending(true));
    this.flushChain = run.catch((err: Error) => this.log(`could not send queued reports: ${err.message}`));
    await this.flushChain;
  }

  private async sendPending(afterHello: boolean): Promise<void> {
    const ws = this.ws;
    if (!ws || !this.ready) return;
    const sent: string[] = [];
    // One report at a time, waiting until each is handed to the OS, so a long queue never sits in memory.
    for (const entry of this.opts.outbox.entries()) {
      if (this.sentIds.has(entry.reportId)) continue;
      if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) break;
      const report = await this.opts.outbox.read(entry.reportId);
      if (!report) continue;
      const encoded = this.deltaReports
        ? encodeReport(report, this.sendFull.has(report.reportId) ? undefined : this.baseHashes)
        : { text: JSON.stringify(report), hashes: undefined, delta: false };
      const text = encoded.text;
      const size = Buffer.byteLength(text);
      if (size > LIMITS.maxMessageBytes) {
        await this.opts.outbox.reject(report.reportId, `report is ${size} bytes; the limit is ${LIMITS.maxMessageBytes}`);
        continue;
      }
      this.sentIds.add(report.reportId);
      if (encoded.hashes) {
        this.baseHashes = encoded.hashes;
        this.sentHashes.set(report.reportId, encoded.hashes);
      }
      if (encoded.delta) {
        this.sentBytes.delta += size;
        this.sentBytes.deltaCount++;
      } else {
        this.sentBytes.full += size;
        this.sentBytes.fullCount++;
      }
      const err = await new Promise<Error | undefined>((resolve) => ws.send(text, (e) => resolve(e ?? undefined)));
      if (err) {
        this.sentIds.delete(report.reportId);
        this.log(`could not send seq ${report.seq} (${err.message}); it stays queued`);
        break;
      }
      sent.push(encoded.delta ? `${report.seq} (delta, ${size} bytes)` : String(report.seq));
    }
    if (sent.length === 0) return;
    if (afterHello) this.log(`sent ${sent.length} queued report${sent.length === 1 ? '' : 's'}`);
    else this.log(sent.length === 1 ? `sent seq ${sent[0]}` : `sent ${sent.length} reports (seq ${sent.join(', ')})`);
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    const wasReadyFor = this.readyAt === undefined ? 0 : Date.now() - this.readyAt;
    this.ws = undefined;
    this.readyAt = undefined;
    this.clearTimers();
    this.emit('disconnected', { code, reason });
    if (this.stopped) return;

    const { why, maxBackoff } = describeClose({ code, reason, opened: this.everOpened, lastError: this.lastError, url: this.opts.url });
    if (maxBackoff) this.forceMaxBackoff = true;
    if (wasReadyFor >= this.backoff.stableMs) this.attempt = 0;
    const delayMs = this.forceMaxBackoff ? this.backoff.capMs : backoffDelay(this.attempt, this.backoff, this.opts.random);
    this.attempt++;
    this.log(`${why}; retrying in ${formatDelay(delayMs)}`);
    this.emit('reconnecting', { attempt: this.attempt, delayMs });
    this.later(delayMs, () => this.connect());
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
