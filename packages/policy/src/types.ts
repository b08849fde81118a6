import type { ControlId, DeviceSource, Facts, Finding, Platform, PolicyException, PolicySettings } from '@safefleet/protocol';

/** What the console knows about a device beyond its facts. */
export interface DeviceContext {
  /** The console's device id: exceptions scoped to one device match on it. */
  deviceId?: string;
  /** The keeper's role, e.g. "Youth worker": role exceptions match on it (case-insensitive, trimmed). */
  keeperRole?: string | null;
  /**
   * When the console last heard from the device. undefined = not known here, so agent-checkin is
   * `unknown` ("checked by the console"); null = never heard from, so agent-checkin fails.
   */
  lastSeenAt?: Date | null;
  /**
   * Where the facts come from (agent when absent). Tablets and phones (MDM, CSV, keeper) are judged
   * by the rules in mobile/, and their check-in window is the source's, not the agent's.
   */
  source?: DeviceSource;
  /** The keeper's name, for reasons that name the person (e.g. a directory password date). */
  keeperName?: string | null;
}

/** One control of a policy pack, in words for people. */
export interface ControlDefinition {
  id: ControlId;
  /** Short name for lists, e.g. "Antivirus". */
  title: string;
  /** The policy clause this control checks (CAUK wording, paraphrased). */
  clause: string;
  /** What the check looks at and when it passes, in plain English. */
  description: string;
  /** What the keeper or IT lead can do when it does not pass, for any operating system. */
  resolution: string;
  /** The same steps for one operating system, used when the device's platform is known. */
  resolutionByPlatform: Partial<Record<Platform, string>>;
  /** PolicySettings fields that set this control's thresholds, e.g. "passwordAge.maxAgeDays". */
  settings: string[];
}

/** Everything one rule may look at. Rules are pure: same input, same finding. */
export interface ControlInput {
  facts: Facts;
  policy: PolicySettings;
  exceptions: PolicyException[];
  now: Date;
  device: DeviceContext;
}
