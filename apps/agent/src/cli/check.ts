import { DEVICE_STATUS_LABELS, type Finding } from '@safefleet/protocol';
import { collectValidated } from './collect.js';
import { EXIT, STATE_FLAG, type CommandSpec } from './command.js';
import { CAPTURE_FLAG, NOW_FLAG, REPLAY_FLAG, sourceFromArgs } from './sources.js';

const WORDS: Record<Finding['status'], string> = { pass: 'PASS', grace: 'GRACE', fail: 'FAIL', unknown: 'UNKNOWN' };

function indent(text: string, pad: string): string {
  return text.split('\n').join(`\n${pad}`);
}

export const checkCommand: CommandSpec = {
  name: 'check',
  summary: 'Check this device against the default policy and print the results',
  usage: 'safefleet-agent check [--json] [--state DIR] [--capture DIR | --replay DIR [--now ISO]]',
  description:
    'Collects facts once and evaluates them with the default (CAUK) policy, without a console.\n' +
    'Agent check-in is checked by the console, so here it is always UNKNOWN.\n' +
    'With --replay DIR it checks the machine recorded in a capture bundle, at the time it was captured.\n' +
    'Exit status: 1 if any control fails, otherwise 0.',
  positionals: [],
  flags: [{ name: 'json', description: 'Print [{control, status, reason}] as JSON' }, STATE_FLAG, CAPTURE_FLAG, REPLAY_FLAG, NOW_FLAG],
  async run(args, io) {
    const source = await sourceFromArgs(args, io);
    const facts = await collectValidated(source, io);
    if (!facts) return EXIT.failed;
    const { evaluate, deviceStatus, CONTROLS, DEFAULT_POLICY } = await import('@safefleet/policy');
    const findings = evaluate(facts, DEFAULT_POLICY, [], source.now);
    const failed = findings.some((f) => f.status === 'fail');
    if (args.flags.json) {
      io.out(
        JSON.stringify(
          findings.map((f) => ({ control: f.control, status: f.status, reason: f.reason })),
          null,
          2,
        ) + '\n',
      );
      return failed ? EXIT.failed : EXIT.ok;
    }
    const pad = ' '.repeat(9);
    const blocks = findings.map((f) => {
      const title = CONTROLS.find((c) => c.id === f.control)?.title ?? f.control;
      const lines = [`${WORDS[f.status].padEnd(8)} ${title}`, `${pad}${indent(f.reason, pad)}`];
      const fix = f.resolution || CONTROLS.find((c) => c.id === f.control)?.resolution;
      if (f.status !== 'pass' && fix) lines.push(`${pad}What to do: ${indent(fix, pad)}`);
      return lines.join('\n');
    });
    io.out(`${blocks.join('\n\n')}\n\nDevice status: ${DEVICE_STATUS_LABELS[deviceStatus(findings)]}\n`);
    return failed ? EXIT.failed : EXIT.ok;
  },
};
