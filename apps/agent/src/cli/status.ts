import { readJsonFile, resolveStateDir } from '../state/index.js';
import { isSingleFile } from '../runtime.js';
import { AGENT_VERSION } from '../version.js';
import { stringFlag } from './args.js';
import { EXIT, STATE_FLAG, type CommandSpec } from './command.js';

/**
 * What a keeper may see about the agent on their device: which console it reports to, the last
 * report it sent (verbatim, exactly the facts the console received), when, the version and where
 * it stands with updates. Never the device secret.
 */
export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'Show the console, the last report sent (word for word), when, the version and update state',
  usage: 'safefleet-agent status [--state DIR] [--json]',
  description:
    'Shows what this agent tells the console: the console address, the last report it sent exactly as\n' +
    'sent, when it was collected and when the console acknowledged it, this version, and the update state.\n' +
    'The device secret is never shown. Reading the system state folder needs an administrator.',
  positionals: [],
  flags: [STATE_FLAG, { name: 'json', description: 'Print one JSON object instead' }],
  async run(args, io) {
    const { AgentState } = await import('../state/index.js');
    const state = await AgentState.open(resolveStateDir(stringFlag(args, 'state'), { env: io.env }));
    const enrolment = await state.readEnrolment();
    const last = await state.readLastReport();
    const update = (await readJsonFile(state.path('update')).catch(() => undefined)) as
      | { phase?: string; from?: string; to?: string; detail?: string }
      | undefined;
    const updateState = !isSingleFile()
      ? 'manual (not a single-file program: update it by hand)'
      : !update || update.phase === 'done'
        ? 'current'
        : `${update.phase} (${update.from ?? '?'} → ${update.to ?? '?'})${update.detail ? `: ${update.detail}` : ''}`;
    const summary = {
      version: AGENT_VERSION,
      console: enrolment?.url ?? null,
      deviceId: enrolment?.deviceId ?? null,
      enrolledAt: enrolment?.enrolledAt ?? null,
      update: updateState,
      lastReport: last ? { collectedAt: last.collectedAt, ackedAt: last.ackedAt, report: last.report } : null,
    };
    if (args.flags.json) {
      io.out(`${JSON.stringify(summary, null, 2)}\n`);
      return enrolment ? EXIT.ok : EXIT.usage;
    }
    const lines = [
      `Safefleet agent ${AGENT_VERSION}`,
      `Console:      ${summary.console ?? "not enrolled (run 'safefleet-agent enroll <enrolment-string>')"}`,
      ...(enrolment ? [`Device:       ${enrolment.deviceId} (enrolled ${enrolment.enrolledAt})`] : []),
      `Updates:      ${updateState}`,
      last
        ? `Last report:  collected ${last.collectedAt}, ${last.ackedAt ? `received by the console ${last.ackedAt}` : 'not yet received by the console'}`
        : 'Last report:  none sent yet',
    ];
    io.out(`${lines.join('\n')}\n`);
    if (last) io.out(`\nThe last report, exactly as sent:\n${JSON.stringify(last.report, null, 2)}\n`);
    return enrolment ? EXIT.ok : EXIT.usage;
  },
};
