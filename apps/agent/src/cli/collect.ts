import { FACT_GROUPS, Facts } from '@safefleet/protocol';
import { AGENT_VERSION } from '../version.js';
import { EXIT, STATE_FLAG, type CliIo, type CommandSpec } from './command.js';
import { CAPTURE_FLAG, NOW_FLAG, REPLAY_FLAG, sourceFromArgs, type CollectSource } from './sources.js';
import { summariseGroup } from './summary.js';

/** Run every collector once and validate the result. Undefined (and a message on stderr) when invalid. */
export async function collectValidated(source: CollectSource, io: CliIo): Promise<Facts | undefined> {
  const { collectAll } = await import('../collectors/index.js');
  const raw = await collectAll({
    agentVersion: AGENT_VERSION,
    now: source.now,
    ...(source.host ? { host: source.host } : {}),
    ...(source.stateDir ? { stateDir: source.stateDir } : {}),
  });
  const parsed = Facts.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(facts)'}: ${i.message}`);
    io.err(`the collected facts do not match the protocol (this is a bug in the agent):\n  ${issues.join('\n  ')}\n`);
    return undefined;
  }
  await source.finish(parsed.data, io);
  return parsed.data;
}

export const collectCommand: CommandSpec = {
  name: 'collect',
  summary: 'Collect facts once and print them; no console needed',
  usage: 'safefleet-agent collect [--json] [--state DIR] [--capture DIR | --replay DIR [--now ISO]]',
  description:
    'Runs every collector once. Prints a short summary per fact group, or with --json the full facts.\n' +
    'With --capture DIR it also writes a capture bundle of this machine for support (see\n' +
    'docs/capture-bundles.md); with --replay DIR it reports the machine in a bundle instead of this one.',
  positionals: [],
  flags: [
    { name: 'json', description: 'Print the facts as JSON (the exact shape sent to the console)' },
    STATE_FLAG,
    CAPTURE_FLAG,
    REPLAY_FLAG,
    NOW_FLAG,
  ],
  async run(args, io) {
    const facts = await collectValidated(await sourceFromArgs(args, io), io);
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
