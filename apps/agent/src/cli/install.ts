import { existsSync } from 'node:fs';
import { decodeEnrolmentString } from '@safefleet/protocol';
import { stringFlag, UsageError } from './args.js';
import { EXIT, type CommandSpec } from './command.js';
import { enrolDevice } from './enroll.js';
import { PLATFORM_FLAG, PREFIX_FLAG, requireAdmin, serviceTarget, showCommand } from './service-flags.js';

export const installCommand: CommandSpec = {
  name: 'install',
  summary: 'Enrol this device and install the agent as a background service (as an administrator)',
  usage: 'safefleet-agent install --enroll <enrolment-string> [--prefix DIR] [--platform linux|darwin|win32]',
  description:
    'Enrols with the console, then installs and starts the background service that runs\n' +
    "'safefleet-agent run' at boot as root/SYSTEM:\n" +
    '  Linux    systemd unit /etc/systemd/system/safefleet-agent.service, state /var/lib/safefleet-agent, logs in the journal\n' +
    '  macOS    launchd daemon /Library/LaunchDaemons/org.safefleet.agent.plist, state /Library/Application Support/Safefleet,\n' +
    '           logs in /Library/Logs/Safefleet\n' +
    '  Windows  boot task \\Safefleet\\Agent running as SYSTEM, state and logs in %ProgramData%\\Safefleet\n' +
    'With --prefix DIR the same files (and the enrolment) are written under DIR and nothing is started.\n' +
    'An already enrolled device keeps its identity (the enrolment string is then not used).',
  positionals: [],
  flags: [
    { name: 'enroll', value: 'STRING', description: 'The enrolment string from the console (Devices → Add device)' },
    PREFIX_FLAG,
    PLATFORM_FLAG,
  ],
  async run(args, io) {
    const target = serviceTarget(args);
    const enrolment = stringFlag(args, 'enroll');
    if (!requireAdmin(target, io, 'install')) return EXIT.failed;
    const { installPlan } = await import('../service/plan.js');
    const { makeDirs, runCommands, writeFiles } = await import('../service/apply.js');
    const { AgentState } = await import('../state/index.js');
    const plan = installPlan(target.platform, target.prefix);
    const enrolled = existsSync(plan.stateDir) ? await (await AgentState.open(plan.stateDir)).readEnrolment().catch(() => undefined) : undefined;
    if (!enrolled && !enrolment) throw new UsageError('--enroll <enrolment-string> is needed: this device is not enrolled yet');
    if (!enrolled) {
      try {
        decodeEnrolmentString(enrolment!);
      } catch (err) {
        throw new UsageError(`--enroll: ${(err as Error).message}`);
      }
    }

    await makeDirs(plan);
    const prepared = await runCommands(plan.prepare, false);
    const failedPrep = prepared.find((r) => !r.ok);
    if (failedPrep) {
      io.err(`install failed: ${showCommand(failedPrep.command)}: ${failedPrep.output}\n`);
      return EXIT.failed;
    }
    const r = enrolled
      ? { ok: true as const, deviceId: enrolled.deviceId, url: enrolled.url, alreadyEnrolled: true }
      : await enrolDevice(enrolment!, plan.stateDir);
    if (!r.ok) {
      io.err(`${r.message}\n(nothing was installed)\n`);
      return r.code;
    }
    io.out(r.alreadyEnrolled ? `Already enrolled as device ${r.deviceId} with ${r.url}; keeping that.\n` : `Enrolled as device ${r.deviceId} with ${r.url}.\n`);

    await runCommands(plan.unload, true);
    await writeFiles(plan);
    for (const f of plan.files) io.out(`Wrote ${f.path}\n`);
    if (!plan.real) {
      io.out(`State in ${plan.stateDir}. Nothing was started (--prefix).\n`);
      return EXIT.ok;
    }
    for (const c of await runCommands(plan.start, false)) {
      if (!c.ok) {
        io.err(`install failed: ${showCommand(c.command)}: ${c.output}\n`);
        return EXIT.failed;
      }
      io.out(`Ran ${showCommand(c.command)}\n`);
    }
    io.out('The Safefleet agent is installed and running.\n');
    return EXIT.ok;
  },
};
