import type { FlagSpec, ParsedArgs } from './args.js';

/** Where a command writes; tests and the real CLI pass different ones. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface PositionalSpec {
  name: string;
  required: boolean;
}

/** One CLI command: its words for people, its flags, and what it does. Return value is the exit code. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** e.g. "safefleet-agent enroll <enrolment-string> [--state DIR] [--force]" */
  usage: string;
  description: string;
  flags: FlagSpec[];
  positionals: PositionalSpec[];
  run: (args: ParsedArgs, io: CliIo) => Promise<number>;
}

export const STATE_FLAG: FlagSpec = {
  name: 'state',
  value: 'DIR',
  description: 'State directory (default: $SAFEFLEET_AGENT_STATE, else the system location for this user)',
};

/** Exit codes: 0 done (and compliant, for check), 1 failed or a control failed, 2 wrong usage or not enrolled. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
