import { resolveStateDir } from '../state/index.js';
import { parseDuration } from '../scheduler/index.js';
import { stringFlag, UsageError } from './args.js';
import { EXIT, STATE_FLAG, type CommandSpec } from './command.js';
import { AGENT_VERSION } from '../version.js';

type AgentModule = Pick<typeof import('../agent.js'), 'runAgent' | 'NotEnrolledError'>;

/**
 * `run`, taking the agent module from `loadAgent`: the CLI (./commands.ts) loads it when `run` is
 * chosen; the single-file program's main script (src/sea/main.ts) imports it directly, because a
 * module that is also loaded with import() is bundled whole, with every protocol schema.
 */
export function makeRunCommand(loadAgent: () => Promise<AgentModule>): CommandSpec {
  return {
    name: 'run',
    summary: 'Run the agent until stopped (normally started by the system service)',
    usage: 'safefleet-agent run [--state DIR] [--interval DURATION] [--self-test]',
    description:
      'Collects facts at start and then on the interval the console sets (60 minutes unless it says\n' +
      'otherwise), reports them to the console, and queues them on disk while offline.\n' +
      'Logs one line per event to standard output. Stops cleanly on Ctrl+C or SIGTERM.',
    positionals: [],
    flags: [
      STATE_FLAG,
      {
        name: 'interval',
        value: 'DURATION',
        description: "Collect this often instead of the console's interval, e.g. 10s, 5m, 2h (for tests and support)",
      },
      {
        name: 'self-test',
        description: 'Load everything run needs, print the version and exit without connecting (checks a new program before an update installs it)',
      },
    ],
    async run(args, io) {
      const interval = stringFlag(args, 'interval');
      let intervalOverrideMs: number | undefined;
      if (interval !== undefined) {
        try {
          intervalOverrideMs = parseDuration(interval);
        } catch (err) {
          throw new UsageError(`--interval: ${(err as Error).message}`);
        }
      }
      const { runAgent, NotEnrolledError } = await loadAgent();
      if (args.flags['self-test']) {
        if (typeof runAgent !== 'function') throw new Error('the agent module did not load');
        io.out(`safefleet-agent ${AGENT_VERSION}\n`);
        return EXIT.ok;
      }
      try {
        await runAgent({
          stateDir: resolveStateDir(stringFlag(args, 'state'), { env: io.env }),
          ...(intervalOverrideMs ? { intervalOverrideMs } : {}),
        });
      } catch (err) {
        if (err instanceof NotEnrolledError) {
          io.err(`${err.message}\n`);
          return EXIT.usage;
        }
        throw err;
      }
      return EXIT.ok;
    },
  };
}
