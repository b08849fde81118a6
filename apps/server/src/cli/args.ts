/** Hand-written argument parsing: positionals plus --flag value / --flag=value / --switch. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flags that never take a value. */
const SWITCHES = new Set(['help', 'version', 'password-stdin', 'https', 'now', 'force']);

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h') {
      flags.set('help', true);
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      if (!name) throw new UsageError(`unexpected "${arg}"`);
      if (eq !== -1) flags.set(name, arg.slice(eq + 1));
      else if (SWITCHES.has(name)) flags.set(name, true);
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags.set(name, value);
        i++;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
}

/** Rejects flags the command does not know (catches typos like --prot). */
export function allowOnly(args: ParsedArgs, allowed: string[]): void {
  for (const name of args.flags.keys()) {
    if (!allowed.includes(name) && name !== 'help') throw new UsageError(`unknown option --${name}`);
  }
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function intFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(v);
}

/** "36h" → 36, "7d" → 168 (hours). */
export function parseDuration(value: string): number {
  const m = /^(\d+)([hd])$/.exec(value.trim());
  if (!m) throw new UsageError(`"${value}" is not a duration: use hours or days, e.g. 12h or 7d`);
  const hours = Number(m[1]) * (m[2] === 'd' ? 24 : 1);
  if (hours < 1 || hours > 24 * 365) throw new UsageError('the expiry must be between 1 hour and 365 days');
  return hours;
}
