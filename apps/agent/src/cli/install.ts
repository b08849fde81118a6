import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeEnrolmentString } from '@safefleet/protocol';
import { stringFlag, UsageError } from './args.js';
import { EXIT, type CliIo, type CommandSpec } from './command.js';
import { enrolDevice } from './enroll.js';
import { PLATFORM_FLAG, PREFIX_FLAG, requireAdmin, serviceTarget, showCommand } from './service-flags.js';
import type { InstallPlan } from '../service/plan.js';
import { agentLaunchArgs } from '../runtime.js';

/** True when systemd runs this machine (sd_booted): /run/systemd/system exists. */
const systemdBooted = () => existsSync('/run/systemd/system');

/** The files the service will run: the single-file program's destination, or node and the bin script. */
function serviceProgramFiles(plan: InstallPlan): string[] {
  return plan.copyProgram ? [plan.copyProgram.to] : [plan.programs.node, ...(plan.programs.bin ? [plan.programs.bin] : [])];
}

function refuse(io: CliIo, problem: { path: string; why: string }): number {
  io.err(
    `install refused: ${problem.path}: ${problem.why}.\n` +
      'The service runs as root/SYSTEM, so a person who can change its program could run anything as an administrator.\n' +
      "Install the single-file program from the console's Enrol devices page (it copies itself to a folder only\n" +
      'administrators can write), or put the program in such a folder (e.g. /opt, /usr/local, Program Files).\n',
  );
  return EXIT.failed;
}

export const installCommand: CommandSpec = {
  name: 'install',
  summary: 'Enrol this device and install the agent as a background service (as an administrator)',
  usage: 'safefleet-agent install --enroll <enrolment-string> [--dry-run] [--prefix DIR] [--platform linux|darwin|win32]',
  description:
    'Enrols with the console, then installs and starts the background service that runs\n' +
    "'safefleet-agent run' at boot as root/SYSTEM:\n" +
    '  Linux    program /opt/safefleet-agent, systemd unit /etc/systemd/system/safefleet-agent.service,\n' +
    '           state /var/lib/safefleet-agent, logs in the journal\n' +
    '  macOS    program and state in /Library/Application Support/Safefleet, launchd daemon\n' +
    '           /Library/LaunchDaemons/org.safefleet.agent.plist, logs in /Library/Logs/Safefleet\n' +
    '  Windows  program in %ProgramFiles%\\Safefleet, state and logs in %ProgramData%\\Safefleet (both for SYSTEM and\n' +
    '           Administrators only), boot task \\Safefleet\\Agent running as SYSTEM\n' +
    'A single-file program copies itself into the program folder. The service is refused when its program\n' +
    'sits in a folder that a non-administrator can write.\n' +
    'With --dry-run the plan is printed and nothing is changed; the console is not contacted.\n' +
    'With --prefix DIR the same files (and the enrolment) are written under DIR and nothing is started.\n' +
    'An already enrolled device keeps its identity (the enrolment string is then not used).',
  positionals: [],
  flags: [
    { name: 'enroll', value: 'STRING', description: 'The enrolment string from the console (Enrol devices)' },
    { name: 'dry-run', description: 'Print what would be done; change nothing and contact no console' },
    PREFIX_FLAG,
    PLATFORM_FLAG,
  ],
  async run(args, io) {
    const target = serviceTarget(args);
    const enrolment = stringFlag(args, 'enroll');
    const dryRun = args.flags['dry-run'] === true;
    let consoleUrl: string | undefined;
    if (enrolment) {
      try {
        consoleUrl = decodeEnrolmentString(enrolment).url;
      } catch (err) {
        throw new UsageError(`--enroll: ${(err as Error).message}`);
      }
    }
    if (!dryRun && !requireAdmin(target, io, 'install')) return EXIT.failed;
    const { installPlan } = await import('../service/plan.js');
    const { copyProgram, makeDirs, runCommands, writeFiles } = await import('../service/apply.js');
    const { programLocationProblem } = await import('../service/location-check.js');
    const { AgentState } = await import('../state/index.js');
    const plan = installPlan(target.platform, target.prefix);
    const enrolled = existsSync(plan.stateDir) ? await (await AgentState.open(plan.stateDir)).readEnrolment().catch(() => undefined) : undefined;
    if (!enrolled && !enrolment) throw new UsageError('--enroll <enrolment-string> is needed: this device is not enrolled yet');

    // Where the program will sit must be safe before anything is written (for a copy: its folder's parents).
    const locationNow = () =>
      plan.real
        ? programLocationProblem(plan.copyProgram ? [dirname(plan.layout.programDir)] : serviceProgramFiles(plan), target.platform)
        : undefined;

    if (dryRun) return printPlan(io, plan, { enrolled, consoleUrl, problem: locationNow(), booted: target.platform !== 'linux' || systemdBooted() });

    const early = locationNow();
    if (early) return refuse(io, early);
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
    io.out(
      r.alreadyEnrolled
        ? `Already enrolled as device ${r.deviceId} with ${r.url}; keeping that.\n`
        : `Enrolled as device ${r.deviceId} with ${r.url}.\n`,
    );

    if (plan.copyProgram) {
      const copied = await copyProgram(plan.copyProgram);
      io.out(copied ? `Copied the program to ${plan.copyProgram.to}\n` : `The program is already ${plan.copyProgram.to}\n`);
      const late = plan.real ? programLocationProblem([plan.copyProgram.to], target.platform) : undefined;
      if (late) return refuse(io, late);
    }
    await runCommands(plan.unload, true);
    await writeFiles(plan);
    for (const f of plan.files) io.out(`Wrote ${f.path}\n`);
    if (!plan.real) {
      io.out(`State in ${plan.stateDir}. Nothing was started (--prefix).\n`);
      return EXIT.ok;
    }
    if (target.platform === 'linux' && !systemdBooted()) {
      io.out(
        'systemd is not running this machine (it is not process 1, e.g. in a container), so the service was not started.\n' +
          `It starts at the next boot under systemd; to run the agent now: ${showCommand(execStartOf(plan))}\n`,
      );
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

/** The service's command line (what systemd's ExecStart runs). */
function execStartOf(plan: InstallPlan): string[] {
  return [...agentLaunchArgs(plan.programs), 'run', '--state', plan.layout.stateDir];
}

function printPlan(
  io: CliIo,
  plan: InstallPlan,
  o: {
    enrolled: { deviceId: string; url: string } | undefined;
    consoleUrl: string | undefined;
    problem: { path: string; why: string } | undefined;
    booted: boolean;
  },
): number {
  const lines = [
    `Plan for installing the Safefleet agent on ${plan.platform}${plan.real ? ' (this machine)' : ` under ${plan.stateDir.split('/').slice(0, 2).join('/')}…`}:`,
  ];
  if (o.problem) lines.push(`  REFUSE: ${o.problem.path}: ${o.problem.why}`);
  else lines.push(`  Check: the program's folders can be changed only by administrators`);
  if (plan.copyProgram) lines.push(`  Copy this program ${plan.copyProgram.from} to ${plan.copyProgram.to} (mode 755)`);
  else lines.push(`  Run ${plan.programs.node} with ${plan.programs.bin} (from this repository)`);
  for (const d of plan.dirs) lines.push(`  Folder ${d.path} (mode ${d.mode.toString(8)})`);
  for (const c of plan.prepare) lines.push(`  Run ${showCommand(c)}`);
  lines.push(
    o.enrolled
      ? `  Keep the enrolment as device ${o.enrolled.deviceId} with ${o.enrolled.url}`
      : `  Enrol with the console at ${o.consoleUrl ?? '(no enrolment string)'} (not contacted now); identity saved in ${plan.stateDir}`,
  );
  for (const f of plan.files) lines.push(`  Write ${f.path} (mode ${f.mode.toString(8)})`);
  if (!o.booted) lines.push('  systemd is not running this machine: the service would be written but not started');
  else for (const c of [...plan.unload, ...plan.start]) lines.push(`  Run ${showCommand(c)}`);
  lines.push('Nothing was changed (--dry-run).');
  io.out(`${lines.join('\n')}\n`);
  return o.problem ? EXIT.failed : EXIT.ok;
}
