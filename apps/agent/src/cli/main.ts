import { HELP_FLAG, parseArgs, UsageError } from './args.js';
import { EXIT, type CliIo, type CommandSpec } from './command.js';
import { commandUsage, mainUsage } from './help.js';
import { AGENT_VERSION } from '../version.js';

/** Run the CLI with these arguments (without "node cli.js") and these commands; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo, commands: readonly CommandSpec[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(mainUsage(commands));
    return EXIT.usage;
  }
  if (first === '--version' || first === '-v') {
    io.out(`safefleet-agent ${AGENT_VERSION}\n`);
    return EXIT.ok;
  }
  if (first === 'help' || first === '--help' || first === '-h') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      io.out(mainUsage(commands));
      return EXIT.ok;
    }
    const cmd = commands.find((c) => c.name === topic);
    if (!cmd) {
      io.err(`unknown command "${topic}"\n\n${mainUsage(commands)}`);
      return EXIT.usage;
    }
    io.out(commandUsage(cmd));
    return EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === first);
  if (!cmd) {
    io.err(`unknown command "${first}"\n\n${mainUsage(commands)}`);
    return EXIT.usage;
  }
  try {
    const args = parseArgs(rest, [...cmd.flags, HELP_FLAG]);
    if (args.flags.help) {
      io.out(commandUsage(cmd));
      return EXIT.ok;
    }
    const missing = cmd.positionals.find((p, i) => p.required && args.positionals[i] === undefined);
    if (missing) throw new UsageError(`missing <${missing.name}>`);
    if (args.positionals.length > cmd.positionals.length) {
      throw new UsageError(`unexpected argument "${args.positionals[cmd.positionals.length]}"`);
    }
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${cmd.name}: ${err.message}\n\nUsage: ${cmd.usage}\nRun 'safefleet-agent ${cmd.name} --help' for details.\n`);
      return EXIT.usage;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EPERM') {
      io.err(`${cmd.name} failed: ${e.message}\n(run it as an administrator, or choose another directory with --state DIR)\n`);
    } else {
      io.err(`${cmd.name} failed: ${e.message}\n`);
    }
    return EXIT.failed;
  }
}

function write(stream: NodeJS.WriteStream): (text: string) => void {
  return (text) => void stream.write(text);
}

/** Exit once stdout and stderr have drained, so piped output is never cut short. */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/** The process entry: run `main` on this process's arguments and exit with its code once output has drained. */
export function runCli(commands: readonly CommandSpec[]): void {
  main(process.argv.slice(2), { out: write(process.stdout), err: write(process.stderr), env: process.env }, commands).then(
    exitAfterFlush,
    (err: Error) => {
      process.stderr.write(`safefleet-agent: ${err.stack ?? err.message}\n`);
      exitAfterFlush(EXIT.failed);
    },
  );
}
