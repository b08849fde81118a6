/**
 * @safefleet/policy — pure compliance rules, the CAUK policy pack and the social & messaging app
 * catalogue. Facts + policy + exceptions + now → findings; no I/O, no clock of its own.
 *
 * Public API (a fixed contract: the server and the agent code against it):
 *
 *   DEFAULT_POLICY: PolicySettings        PolicySettings.parse({}) — the CAUK defaults
 *   interface DeviceContext { deviceId?: string; keeperRole?: string | null; lastSeenAt?: Date | null }
 *   evaluate(facts, policy, exceptions, now, device?): Finding[]
 *       exactly one Finding per ControlId, in CONTROL_IDS order (8). agent-checkin is pass/fail from
 *       device.lastSeenAt and policy.agentCheckin.windowHours; unknown ("checked by the console")
 *       when lastSeenAt is undefined.
 *   evaluateCheckin(lastSeenAt: Date | null, policy, now): Finding
 *   deviceStatus(findings: Pick<Finding, 'control' | 'status'>[] | null): DeviceStatus
 *       null/empty (never reported) → notEvaluated; agent-checkin fail → stale; any fail →
 *       noncompliant; any grace → grace; every control other than agent-checkin unknown →
 *       notEvaluated; else compliant.
 *   CONTROLS: ControlDefinition[]         id, title, clause (CAUK wording), description, resolution
 *   CATALOGUE: CatalogueEntry[]
 *   matchCatalogue(apps: App[], categories?: AppCategory[]): CatalogueMatch[]
 *
 * docs/controls.md maps each control to its policy clause and thresholds.
 */
import { CAUK_CONTROLS } from './packs/cauk.js';
import type { ControlDefinition } from './types.js';

export { DEFAULT_POLICY, evaluate, evaluateCheckin } from './evaluate.js';
export { deviceStatus } from './status.js';
export { ANDROID_RELEASES, APPLE_RELEASES, isMobile, MOBILE_PLATFORMS, OS_TABLE_DATE, SOURCE_WINDOW_DAYS } from './mobile/index.js';
export { CATALOGUE, matchCatalogue, packageFamilyName } from './catalogue/index.js';
export type {
  CatalogueEntry,
  CatalogueIdentifiers,
  CatalogueMatch,
  CatalogueMatchedBy,
  CatalogueRegex,
} from './catalogue/index.js';
export type { ControlDefinition, DeviceContext } from './types.js';

/** The CAUK pack's controls, in CONTROL_IDS order, with words for people. */
export const CONTROLS: ControlDefinition[] = CAUK_CONTROLS;
