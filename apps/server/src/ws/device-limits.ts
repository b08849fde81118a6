/**
 * Per-device limits on what an agent may send, so one device (broken or hostile) cannot take
 * more than its share of the console's event loop or disk. Each device has two token buckets —
 * messages and bytes — kept across reconnections (a reconnect does not refill them). A message
 * that finds a bucket empty is refused with a `rate-limited` error naming the limit, and the
 * connection is closed (CLOSE_CODES.rateLimited); until the bucket refills, the upgrade is refused
 * with HTTP 429. An honest agent (one report an hour; a backlog of queued reports after a week
 * offline) stays well inside the burst; a long backlog is sent over a few reconnections.
 */

export interface DeviceLimitsOptions {
  /** Messages a device may send at once. */
  burstMessages: number;
  /** Messages per second refilled. */
  messagesPerSecond: number;
  /** Bytes a device may send at once. */
  burstBytes: number;
  /** Bytes per second refilled. */
  bytesPerSecond: number;
}

export const DEFAULT_DEVICE_LIMITS: DeviceLimitsOptions = {
  burstMessages: 300,
  messagesPerSecond: 2,
  burstBytes: 48 * 1024 * 1024,
  bytesPerSecond: 512 * 1024,
};

/** Largest frame an agent may send (a report of 20,000 apps is about 2.5 MB; a real one ~120 kB). */
export const AGENT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

interface Bucket {
  messages: number;
  bytes: number;
  at: number;
}

export type LimitVerdict = { ok: true } | { ok: false; reason: string };

export class DeviceLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly options: DeviceLimitsOptions = DEFAULT_DEVICE_LIMITS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  private refill(deviceId: string): Bucket {
    const now = this.clock();
    const o = this.options;
    let b = this.buckets.get(deviceId);
    if (!b) {
      b = { messages: o.burstMessages, bytes: o.burstBytes, at: now };
      this.buckets.set(deviceId, b);
      return b;
    }
    const seconds = Math.max(0, now - b.at) / 1000;
    b.messages = Math.min(o.burstMessages, b.messages + seconds * o.messagesPerSecond);
    b.bytes = Math.min(o.burstBytes, b.bytes + seconds * o.bytesPerSecond);
    b.at = now;
    // A full bucket holds no information: forget it so the map stays as small as the busy devices.
    if (b.messages >= o.burstMessages && b.bytes >= o.burstBytes) this.buckets.delete(deviceId);
    return b;
  }

  /** Takes one message of `bytes` from the device's buckets, or says which limit it is over. */
  take(deviceId: string, bytes: number): LimitVerdict {
    const b = this.refill(deviceId);
    const o = this.options;
    if (b.messages < 1) {
      this.buckets.set(deviceId, b);
      return { ok: false, reason: `this device sent more than ${o.burstMessages} messages at once or more than ${o.messagesPerSecond} a second` };
    }
    if (b.bytes < bytes) {
      this.buckets.set(deviceId, b);
      return { ok: false, reason: `this device sent more than ${mb(o.burstBytes)} at once or more than ${mb(o.bytesPerSecond)} a second` };
    }
    b.messages -= 1;
    b.bytes -= bytes;
    this.buckets.set(deviceId, b);
    return { ok: true };
  }

  /**
   * Whether a new connection may start: the message bucket must have refilled a little (10%).
   * A connection costs one message, so a device reconnecting in a loop runs out too.
   */
  mayConnect(deviceId: string): boolean {
    const b = this.refill(deviceId);
    if (b.messages < Math.max(1, this.options.burstMessages / 10)) return false;
    b.messages -= 1;
    this.buckets.set(deviceId, b);
    return true;
  }
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} kB`;
}
