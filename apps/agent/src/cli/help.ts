import { HELP_FLAG, type FlagSpec } from './args.js';
import type { CommandSpec } from './command.js';

function flagLabel(f: FlagSpec): string {
  return `--${f.name}${f.value ? ` ${f.value}` : ''}${f.name === 'help' ? ', -h' : ''}`;
}

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}   ${r}`).join('\n');
}

export function mainUsage(commands: readonly CommandSpec[]): string {
  const rows: [string, string][] = commands.map((c) => [
    [c.name, ...c.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`))].join(' '),
    c.summary,
  ]);
  rows.push(['help [command]', 'Show help for a command']);
  return [
    'Usage: safefleet-agent <command> [options]',
    '',
    'Safefleet device agent: collects safety facts and reports them to your Safefleet console.',
    '',
    'Commands:',
    table(rows),
    '',
    'Options:',
    table([
      ['--version', 'Print the agent version'],
      ['--help, -h', 'Show this help'],
    ]),
    '',
    "Run 'safefleet-agent <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export function commandUsage(c: CommandSpec): string {
  return [`Usage: ${c.usage}`, '', c.description, '', 'Options:', table([...c.flags, HELP_FLAG].map((f) => [flagLabel(f), f.description])), ''].join(
    '\n',
  );
}
