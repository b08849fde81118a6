import { FACT_GROUPS, Facts } from '@safefleet/protocol';
import { resolveStateDir } from '../state/index.js';
import { AGENT_VERSION } from '../version.js';
import { stringFlag } from './args.js';
import { EXIT, STATE_FLAG, type CliIo, type CommandSpec } from './command.js';
import { summariseGroup } from './summary.js';

/** Run every collector once and validate the result. Undefined (and a message on stderr) when invalid. */
export async function collectValidated(stateFlag: string | undefined, io: CliIo): Promise<Facts | undefined> {
  const { collectAll } = await import('../collectors/index.js');
  const raw = await collectAll({ stateDir: resolveStateDir(stateFlag, { env: io.env }), agentVersion: AGENT_VERSION });
  const parsed = Facts.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(facts)'}: ${i.message}`);
    io.err(`the collected facts do not match the protocol (this is a bug in the agent):\n  ${issues.join('\n  ')}\n`);
    return undefined;
  }
  return parsed.data;
}

export const collectCommand: CommandSpec = {
  name: 'collect',
  summary: 'Collect facts once and print them; no console needed',
  usage: 'safefleet-agent collect [--json] [--state DIR]',
  description: 'Runs every collector once. Prints a short summary per fact group, or with --json the full facts.',
  positionals: [],
  flags: [{ name: 'json', description: 'Print the facts as JSON (the exact shape sent to the console)' }, STATE_FLAG],
  async run(args, io) {
    const facts = await collectValidated(stringFlag(args, 'state'), io);
    if (!facts) return EXIT.failed;
    if (args.flags.json) {
      io.out(JSON.stringify(facts, null, 2) + '\n');
      return EXIT.ok;
    }
    const width = Math.max(...FACT_GROUPS.map((g) => g.length));
    const lines = FACT_GROUPS.map((g) => `${g.padEnd(width)}  ${facts[g].status.padEnd(11)}  ${summariseGroup(facts, g)}`);
    io.out(`Collected at ${facts.collectedAt} by agent ${facts.agentVersion}\n\n${lines.join('\n')}\n`);
    return EXIT.ok;
  },
};
