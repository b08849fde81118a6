type Log = (message: string) => void;

/** Why a collection ran: at start-up, because the interval passed, or because the console asked. */
export type CollectReason = 'start' | 'interval' | 'collect-now';

export interface SchedulerOptions {
  /** One full collection. Errors are logged; the schedule carries on. */
  collect: (reason: CollectReason) => Promise<void>;
  /** Time between the starts of two scheduled collections. */
  intervalMs: number;
  log?: Log;
  /** How often to check whether a collection is due, in ms. Default 1000. */
  tickMs?: number;
  now?: () => number;
}

/**
 * Runs a full collection at start, then whenever `intervalMs` has passed since the last one
 * started, and on demand. A timer ticks every second and compares clocks, so a changed interval
 * takes effect at once and a sleeping laptop collects as soon as it wakes. (A plain timer, not a
 * cron job: node-cron works out the local time through Intl on every tick, which loads ICU's time
 * zone data and kept ~10 MiB more resident in the long-running agent; docs/performance.md.) Never runs two
 * collections at once: a request during a collection is queued (at most one).
 */
export class CollectionScheduler {
  private timer: NodeJS.Timeout | undefined;
  private lastStart: number | undefined;
  private current: Promise<void> | undefined;
  private queued: CollectReason | undefined;
  private stopped = false;
  private interval: number;
  private readonly log: Log;
  private readonly now: () => number;

  constructor(private readonly opts: SchedulerOptions) {
    this.interval = opts.intervalMs;
    this.log = opts.log ?? (() => undefined);
    this.now = opts.now ?? Date.now;
  }

  get intervalMs(): number {
    return this.interval;
  }

  /** True while a collection is in progress. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Collect now, then on the interval. */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 1_000);
    void this.trigger('start');
  }

  setIntervalMs(ms: number): void {
    this.interval = ms;
  }

  /** Check whether a collection is due; the timer calls this every tick. */
  tick(): void {
    if (this.stopped || this.current) return;
    if (this.lastStart === undefined || this.now() - this.lastStart >= this.interval) void this.trigger('interval');
  }

  /**
   * Start a collection now, or — if one is running — queue one to start when it ends.
   * Resolves when the collection asked for has finished.
   */
  trigger(reason: CollectReason): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current) {
      if (this.queued === undefined) {
        this.queued = reason;
        this.log(`a collection is already running; ${reason === 'collect-now' ? 'the requested one' : 'the next'} will start when it ends`);
      }
      return this.current.then(() => this.current ?? Promise.resolve());
    }
    this.lastStart = this.now();
    const run = this.opts
      .collect(reason)
      .catch((err: Error) => this.log(`collection failed: ${err.message}`))
      .finally(() => {
        this.current = undefined;
        const next = this.queued;
        this.queued = undefined;
        if (next !== undefined && !this.stopped) void this.trigger(next);
      });
    this.current = run;
    return run;
  }

  /**
   * Stop the timer and wait (up to `waitMs`) for a running collection to finish.
   * Resolves true if nothing is left running.
   */
  async stop(waitMs = 10_000): Promise<boolean> {
    this.stopped = true;
    this.queued = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    const running = this.current;
    if (!running) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      running.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), waitMs);
      }),
    ]);
    clearTimeout(timer);
    return !timedOut;
  }
}
