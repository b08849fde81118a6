import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { FACT_GROUPS, Facts, type Command, type Report } from '@safefleet/protocol';
import type { CollectOptions } from './collectors/index.js';
import type { Host } from './exec/host.js';
import { createLocalHost } from './exec/local-host.js';
import { collectInChild } from './collect-child.js';
import { handleNotify } from './notify/index.js';
import { CollectionScheduler, formatDuration, type CollectReason } from './scheduler/index.js';
import { AgentState, type Enrolment } from './state/index.js';
import { insecureConsoleAddress, Outbox, RefusedConsoles, WsClient, type OutboxOptions, type WsClientOptions } from './transport/index.js';
import { isSingleFile } from './runtime.js';
import { pinnedConnection } from './transport/pinned-tls.js';
import { restartProgram, Updater, type UpdaterOptions } from './update/updater.js';
import { AGENT_VERSION } from './version.js';

export type Log = (message: string) => void;

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * ISO time without milliseconds, e.g. 2026-11-21T05:40:00Z. Built from the UTC fields: V8's
 * toISOString looks up the local time zone through ICU the first time, which keeps ~0.5 MiB of
 * ICU in the idle agent for nothing (docs/performance.md).
 */
export function isoNow(d: Date = new Date()): string {
  const y = d.getUTCFullYear();
  // Years outside 0–9999 (and invalid dates, which throw) as toISOString has them.
  if (!(y >= 0 && y <= 9999)) return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${String(y).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}Z`;
}

/** One line per event on stdout, prefixed with the time: "2026-11-21T05:40:00Z acked seq 3". */
export function createStdoutLog(write: (line: string) => void = (l) => process.stdout.write(l)): Log {
  return (message) => write(`${isoNow()} ${message.replace(/\s*\n\s*/g, ' ')}\n`);
}

export class NotEnrolledError extends Error {
  constructor(readonly stateDir: string) {
    super("not enrolled: run 'safefleet-agent enroll <enrolment-string>' first");
  }
}

export interface AgentOptions {
  stateDir: string;
  /** Local `--interval`: wins over the console's collectIntervalMinutes. */
  intervalOverrideMs?: number;
  log?: Log;
  host?: Host;
  /** The collection to run; collectAll from ./collectors by default. */
  collect?: (opts: CollectOptions) => Promise<Facts>;
  ws?: Partial<Pick<WsClientOptions, 'backoff' | 'heartbeatMs' | 'helloTimeoutMs' | 'retryMs'>>;
  outbox?: Partial<Pick<OutboxOptions, 'maxReports' | 'maxBytes'>>;
  /** How often the scheduler checks whether a collection is due, in ms (default every second). */
  schedulerTickMs?: number;
  /** How long stop() waits for a running collection. Default 10 s. */
  stopWaitMs?: number;
  /** Self-update settings (tests: a shorter confirmation window). */
  update?: Partial<Pick<UpdaterOptions, 'confirmMs' | 'singleFile' | 'restart' | 'program'>>;
}

/** The run loop: state + outbox + console connection + scheduler + collectors. */
export class Agent {
  readonly client: WsClient;
  readonly scheduler: CollectionScheduler;
  readonly updater: Updater;
  private stopping: Promise<void> | undefined;
  private readonly log: Log;
  /** Consoles refused for a wrong certificate, told to the real console in the next hello. */
  private refused: RefusedConsoles | undefined;

  private constructor(
    private readonly opts: AgentOptions,
    readonly state: AgentState,
    readonly enrolment: Enrolment,
    readonly outbox: Outbox,
    private consoleIntervalMinutes: number,
    private lastSeq: number,
  ) {
    this.log = opts.log ?? createStdoutLog();
    this.client = new WsClient({
      url: enrolment.wsUrl,
      deviceId: enrolment.deviceId,
      deviceSecret: enrolment.deviceSecret,
      outbox,
      log: this.log,
      hello: () => {
        const refusedConsoles = this.refused?.forHello();
        return {
          agentVersion: AGENT_VERSION,
          hostname: hostname(),
          platform: process.platform,
          lastSeq: this.lastSeq,
          update: this.updater.status(),
          credentialRotation: true,
          ...(refusedConsoles ? { refusedConsoles } : {}),
        };
      },
      ...(enrolment.pin
        ? {
            pins: () => this.pins(),
            onPinMatched: (pin: string) => void this.onPinMatched(pin),
            onPinRefused: (err) => void this.refused?.record(enrolment.wsUrl, err.got),
          }
        : {}),
      ...opts.ws,
    });
    this.client.on('next-pin', (pin) => void this.onNextPin(pin));
    this.client.on('rotate-credential', (msg) => void this.onRotateCredential(msg.secret, msg.rotationId));
    this.scheduler = new CollectionScheduler({
      collect: (reason) => this.collectOnce(reason),
      intervalMs: opts.intervalOverrideMs ?? consoleIntervalMinutes * 60_000,
      log: this.log,
      ...(opts.schedulerTickMs ? { tickMs: opts.schedulerTickMs } : {}),
    });
    const envConfirm = Number(process.env.SAFEFLEET_UPDATE_CONFIRM_MS);
    this.updater = new Updater({
      stateDir: state.dir,
      consoleUrl: enrolment.url,
      updateKey: enrolment.updateKey,
      version: AGENT_VERSION,
      singleFile: isSingleFile(),
      log: this.log,
      report: (status) => void this.client.sendUpdateStatus(status),
      restart: async () => {
        await this.stop('restarting into the new version');
        restartProgram(process.execPath);
      },
      ...(Number.isInteger(envConfirm) && envConfirm > 0 ? { confirmMs: envConfirm } : {}),
      // Downloads from an https console go only to the pinned certificate, like the connection.
      ...(enrolment.pin ? { http: { createConnection: pinnedConnection(() => this.pins()) as never } } : {}),
      ...opts.update,
    });
    this.client.on('ready', (hello) => {
      void this.refused?.delivered();
      void this.applyConsoleInterval(hello.collectIntervalMinutes);
      void this.updater.confirm().then(() => hello.agentRelease && this.updater.onRelease(hello.agentRelease));
    });
    this.client.on('release', (notice) => this.updater.onRelease(notice));
    this.client.on('acked', (entry) => void this.state.markLastReportAcked(entry.reportId, isoNow()).catch(() => undefined));
    this.client.on('command', (cmd) => this.onCommand(cmd));
  }

  /** Open the state directory and outbox. Throws NotEnrolledError when there is no enrolment. */
  static async create(opts: AgentOptions): Promise<Agent> {
    const log = opts.log ?? createStdoutLog();
    const state = await AgentState.open(opts.stateDir, log);
    const enrolment = await state.readEnrolment();
    if (!enrolment) throw new NotEnrolledError(opts.stateDir);
    const insecure = insecureConsoleAddress(enrolment);
    if (insecure) {
      // Remembered, so the console hears of it once the device is enrolled again with a good string.
      await (await RefusedConsoles.open(state.dir)).recordPlainAddress(enrolment.wsUrl).catch(() => undefined);
      throw new Error(insecure);
    }
    const outbox = await Outbox.open({ dir: state.outboxDir, log, ...opts.outbox });
    const config = await state.readConfig();
    const agent = new Agent({ ...opts, log }, state, enrolment, outbox, config.collectIntervalMinutes, await state.lastSeq());
    agent.refused = await RefusedConsoles.open(state.dir);
    await agent.updater.start();
    return agent;
  }

  /** The certificate pins accepted now: the enrolled one and an announced next one. */
  private pins(): string[] {
    const { pin, nextPin } = this.enrolment;
    return [pin, nextPin].filter((p): p is string => typeof p === 'string');
  }

  /** The console announced its next certificate: keep the pin so the change is accepted. */
  private async onNextPin(pin: string): Promise<void> {
    if (!this.enrolment.pin || pin === this.enrolment.pin || pin === this.enrolment.nextPin) return;
    this.enrolment.nextPin = pin;
    await this.state.writeEnrolment(this.enrolment);
    this.log(`the console announced its next certificate (pin sha256/${pin}); it will be accepted too`);
  }

  /**
   * The console replaced this device's credential: saved to enrolment.json (atomic, fsynced) before
   * it is acknowledged, so the console never drops the old one while only memory holds the new one.
   */
  private async onRotateCredential(secret: string, rotationId: string): Promise<void> {
    try {
      await this.state.writeEnrolment({ ...this.enrolment, deviceSecret: secret });
      this.enrolment.deviceSecret = secret;
      const told = this.client.credentialStored(secret, rotationId);
      this.log(`the console replaced this device's credential; the new one is saved${told ? '' : ' (the console is told on the next connection)'}`);
    } catch (err) {
      this.log(`could not save the new credential from the console (${(err as Error).message}); keeping the old one`);
    }
  }

  /** The console now shows the announced next certificate: it becomes the pinned one. */
  private async onPinMatched(pin: string): Promise<void> {
    if (pin !== this.enrolment.nextPin) return;
    this.enrolment.pin = pin;
    delete this.enrolment.nextPin;
    await this.state.writeEnrolment(this.enrolment);
    this.log(`the console changed to its announced certificate; pinned sha256/${pin} from now on`);
  }

  start(): void {
    const source = this.opts.intervalOverrideMs ? 'set by --interval' : 'until the console says otherwise';
    this.log(
      `starting safefleet-agent ${AGENT_VERSION} as device ${this.enrolment.deviceId} ` +
        `(state ${this.state.dir}; collecting every ${formatDuration(this.scheduler.intervalMs)}, ${source})`,
    );
    if (this.outbox.size > 0) this.log(`${this.outbox.size} report${this.outbox.size === 1 ? '' : 's'} waiting from before`);
    this.client.start();
    this.scheduler.start();
  }

  /** Stop collecting, let a running collection and outbox write finish, close the connection. */
  stop(reason = 'stop requested'): Promise<void> {
    this.stopping ??= (async () => {
      this.log(`stopping (${reason})`);
      const finished = await this.scheduler.stop(this.opts.stopWaitMs ?? 10_000);
      if (!finished) this.log('a collection was still running; stopping without waiting for it');
      await this.outbox.idle();
      this.updater.stop();
      await this.client.stop();
      this.log(`stopped (${this.outbox.size} report${this.outbox.size === 1 ? '' : 's'} waiting)`);
    })();
    return this.stopping;
  }

  /** One full collection: collect, validate, assign seq (persisted first), queue durably, send. */
  async collectOnce(reason: CollectReason): Promise<void> {
    const raw = await this.collectFacts();
    const parsed = Facts.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      this.log(`collected facts do not match the protocol (${first ? `${first.path.join('.')}: ${first.message}` : 'schema'}); not sending them`);
      return;
    }
    const seq = await this.state.nextSeq();
    this.lastSeq = seq;
    const report: Report = { type: 'report', reportId: randomUUID(), seq, facts: parsed.data };
    const errors = FACT_GROUPS.filter((g) => parsed.data[g].status === 'error').length;
    const why = reason === 'collect-now' ? '; asked by the console' : '';
    this.log(`collected report seq ${seq} (${FACT_GROUPS.length} groups, ${errors} error${errors === 1 ? '' : 's'}${why})`);
    await this.outbox.add(report);
    await this.state
      .writeLastReport({ collectedAt: isoNow(), ackedAt: null, report })
      .catch((err: Error) => this.log(`could not keep a copy of the last report: ${err.message}`));
    if (this.client.ready) await this.client.flush();
    else this.log(`queued seq ${seq} (offline; ${this.outbox.size} waiting)`);
  }

  /**
   * The real machine is collected in a child process (see collect-child.ts); a test host or an
   * injected collection runs in this process. If the child cannot run, collect here instead.
   */
  private async collectFacts(): Promise<unknown> {
    const opts: CollectOptions = {
      stateDir: this.state.dir,
      agentVersion: AGENT_VERSION,
      ...(this.opts.host ? { host: this.opts.host } : {}),
    };
    if (this.opts.collect) return this.opts.collect(opts);
    if (!this.opts.host) {
      try {
        return await collectInChild(opts);
      } catch (err) {
        this.log(`${(err as Error).message}; collecting in the agent process instead`);
      }
    }
    const { collectAll } = await import('./collectors/index.js');
    return collectAll(opts);
  }

  private onCommand(cmd: Command): void {
    switch (cmd.name) {
      case 'collect-now':
        this.log('the console asked for a collection now');
        void this.scheduler.trigger('collect-now');
        return;
      case 'set-interval':
        void this.applyConsoleInterval(cmd.args.collectIntervalMinutes);
        return;
      case 'notify':
        void handleNotify(cmd.args, this.opts.host ?? createLocalHost(), this.log, (e) => {
          if (!this.client.sendNotifyStatus({ commandId: cmd.commandId, ...e }))
            this.log(`could not tell the console the notification was ${e.event}: not connected`);
        });
        return;
    }
  }

  private async applyConsoleInterval(minutes: number): Promise<void> {
    if (minutes === this.consoleIntervalMinutes) return;
    this.consoleIntervalMinutes = minutes;
    const override = this.opts.intervalOverrideMs;
    this.log(
      `the console set the collection interval to ${minutes} minutes` +
        (override ? ` (not used while --interval ${formatDuration(override)} is set)` : ''),
    );
    if (!override) this.scheduler.setIntervalMs(minutes * 60_000);
    try {
      await this.state.writeConfig({ collectIntervalMinutes: minutes });
    } catch (err) {
      this.log(`could not save the collection interval: ${(err as Error).message}`);
    }
  }
}

/**
 * Run the agent until SIGINT or SIGTERM, then shut down gracefully. A second signal exits at once.
 * Throws NotEnrolledError when the device is not enrolled.
 */
export async function runAgent(opts: AgentOptions): Promise<void> {
  const agent = await Agent.create(opts);
  agent.start();
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = (): void => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      agent.stop(signal).then(resolve, resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
