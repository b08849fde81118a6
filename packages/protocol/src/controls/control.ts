import { z } from 'zod';
import type { FactGroup } from '../facts/index.js';

/** A whole-number threshold of a control, as the Policy page shows it and PolicySettings checks it. */
export interface NumberSetting {
  /** Words before the number, e.g. "Antivirus definitions may be at most". */
  label: string;
  /** Words after the number, e.g. "days old". */
  unit: string;
  min: number;
  max: number;
  /** The CAUK value. */
  default: number;
}

/**
 * One control, declared once: what the console, the policy rules, alerts, emails and the web all
 * read. `details` is the shape of Finding.details this control's rule writes.
 */
/** The PolicySettings key holding a control's thresholds, and its whole-number settings. */
export interface ControlSettings {
  group: string;
  numbers: Record<string, NumberSetting>;
  /** PolicySettings paths of its other settings (lists the Policy page sets with its own fields). */
  lists?: readonly string[];
}

export interface Control<Id extends string, Settings extends ControlSettings | null, Details extends z.ZodType> {
  id: Id;
  /** Short name for lists, e.g. "Antivirus". */
  title: string;
  /** Column heading for narrow tables and CSV, e.g. "Updates". */
  shortTitle: string;
  /** What the check looks at and when it passes, in plain English. */
  description: string;
  /** Fact groups of a device report the rule reads (empty: the console decides from its own records). */
  factGroups: readonly FactGroup[];
  /** Its thresholds (null: none to set). */
  settings: Settings;
  /** Finding.details as this control's rule writes it. */
  details: Details;
}

export function defineControl<const Id extends string, const Settings extends ControlSettings | null, Details extends z.ZodType>(
  control: Control<Id, Settings, Details>,
): Control<Id, Settings, Details> {
  return control;
}

/**
 * A control's thresholds as a PolicySettings group: whole numbers with the declared bounds and
 * defaults, the group itself defaulting to all the defaults.
 */
export function numberSettingsSchema<Numbers extends Record<string, NumberSetting>>(
  numbers: Numbers,
): z.ZodDefault<z.ZodObject<{ [K in keyof Numbers]: z.ZodDefault<z.ZodNumber> }>> {
  const shape: Record<string, z.ZodDefault<z.ZodNumber>> = {};
  const defaults: Record<string, number> = {};
  for (const [key, s] of Object.entries(numbers)) {
    shape[key] = z.number().int().min(s.min).max(s.max).default(s.default);
    defaults[key] = s.default;
  }
  return z.object(shape).default(defaults) as unknown as z.ZodDefault<z.ZodObject<{ [K in keyof Numbers]: z.ZodDefault<z.ZodNumber> }>>;
}
