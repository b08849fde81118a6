/** A small, strict argument parser: --flag, --flag value, --flag=value, -h, and "--" to end options. */

export interface FlagSpec {
  /** Without dashes, e.g. "state". */
  name: string;
  /** Placeholder when the flag takes a value, e.g. "DIR"; absent for on/off flags. */
  value?: string;
  description: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

/** Wrong arguments: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}

export const HELP_FLAG: FlagSpec = { name: 'help', description: 'Show this help' };

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedArgs = { positionals: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      out.flags.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (!spec.value) {
      if (eq !== -1) throw new UsageError(`--${name} does not take a value`);
      out.flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value (${spec.value})`);
    out.flags[name] = value;
  }
  return out;
}

/** The value of a string flag, or undefined when it was not given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
