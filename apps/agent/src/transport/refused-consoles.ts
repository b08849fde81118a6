import { join } from 'node:path';
import { MAX_REFUSED_CONSOLES, RefusedConsole } from '@safefleet/protocol';
import { readJsonFile, writeJsonAtomic } from '../state/atomic.js';

export const REFUSED_CONSOLES_FILE = 'refused-consoles.json';

/**
 * The consoles this agent refused because their certificate was not the pinned one (or because
 * their address was plain ws:// after an https enrolment). A refused
 * console learns nothing (not a byte is sent to it), so the agent remembers the refusal — a few,
 * bounded, kept across restarts in the state folder — and tells its real console in the next hello;
 * once that console answers, they are forgotten. Same address and pin: one entry with a count.
 */
export class RefusedConsoles {
  private entries: RefusedConsole[] = [];
  /** The entries sent in the last hello, forgotten when the console answers it. */
  private sent: RefusedConsole[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(stateDir: string): Promise<RefusedConsoles> {
    const store = new RefusedConsoles(join(stateDir, REFUSED_CONSOLES_FILE));
    const data = await readJsonFile(store.file).catch(() => undefined);
    const parsed = RefusedConsole.array().safeParse(data);
    if (parsed.success) store.entries = parsed.data.slice(-MAX_REFUSED_CONSOLES);
    return store;
  }

  /** Remembers one refused connection to `address`, whose certificate had pin `pin`. */
  record(address: string, pin: string, at: Date = new Date()): Promise<void> {
    return this.add(address, { pin }, at);
  }

  /**
   * Remembers that the agent refused a plain ws:// console address after an https enrolment. It
   * sent nothing there; the console hears of it in the first hello after the device is enrolled
   * again with a good enrolment string.
   */
  recordPlainAddress(address: string, at: Date = new Date()): Promise<void> {
    return this.add(address, { reason: 'plain-address' }, at);
  }

  private add(address: string, what: { pin?: string; reason?: 'plain-address' }, at: Date): Promise<void> {
    const iso = at.toISOString();
    const same = this.entries.find((e) => e.address === address && e.pin === what.pin && e.reason === what.reason);
    if (same) {
      same.count += 1;
      same.lastAt = iso;
    } else {
      this.entries.push({ address: address.slice(0, 1_000), ...what, firstAt: iso, lastAt: iso, count: 1 });
      // Bounded: the oldest go first.
      this.entries = this.entries.slice(-MAX_REFUSED_CONSOLES);
    }
    return this.save();
  }

  /** What to put in the next hello (and remember as sent). */
  forHello(): RefusedConsole[] | undefined {
    this.sent = this.entries.map((e) => ({ ...e }));
    return this.sent.length > 0 ? this.sent : undefined;
  }

  /** The console answered the hello: what it was told is in its audit log now. */
  delivered(): Promise<void> {
    if (this.sent.length === 0) return this.writing;
    const sent = this.sent;
    this.sent = [];
    // An entry counted again after the hello went out stays, with the refusals since.
    this.entries = this.entries.flatMap((e) => {
      const s = sent.find((x) => x.address === e.address && x.pin === e.pin && x.reason === e.reason);
      if (!s) return [e];
      return e.count > s.count ? [{ ...e, count: e.count - s.count, firstAt: s.lastAt }] : [];
    });
    return this.save();
  }

  get size(): number {
    return this.entries.length;
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.entries);
    this.writing = this.writing.then(() => writeJsonAtomic(this.file, JSON.parse(snapshot), 0o600)).catch(() => undefined);
    return this.writing;
  }
}
