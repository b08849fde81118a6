import { EXIT, type CommandSpec } from './command.js';
import { PLATFORM_FLAG, PREFIX_FLAG, requireAdmin, serviceTarget, showCommand } from './service-flags.js';

export const uninstallCommand: CommandSpec = {
  name: 'uninstall',
  summary: 'Stop and remove the background service (as an administrator)',
  usage: 'safefleet-agent uninstall [--prefix DIR] [--platform linux|darwin|win32] [--purge]',
  description:
    "Stops the service and removes what 'install' wrote. The state folder (this device's enrolment\n" +
    'and any reports not yet sent) is kept unless --purge, so a reinstall keeps the same identity.',
  positionals: [],
  flags: [PREFIX_FLAG, PLATFORM_FLAG, { name: 'purge', description: "Also delete the agent's state (enrolment, queued reports) and logs" }],
  async run(args, io) {
    const target = serviceTarget(args);
    if (!requireAdmin(target, io, 'uninstall')) return EXIT.failed;
    const { uninstallPlan } = await import('../service/plan.js');
    const { removeFiles, runCommands } = await import('../service/apply.js');
    const plan = uninstallPlan(target.platform, target.prefix);
    const warn = (rs: { ok: boolean; command: string[]; output: string }[]) => {
      for (const r of rs) if (!r.ok) io.err(`note: ${showCommand(r.command)}: ${r.output}\n`);
    };
    warn(await runCommands(plan.stop, true));
    const removed = await removeFiles(plan, args.flags.purge === true);
    warn(await runCommands(plan.after, true));
    for (const p of removed) io.out(`Removed ${p}\n`);
    if (removed.length === 0) io.out('Nothing to remove: the Safefleet agent service was not installed here.\n');
    if (!args.flags.purge) io.out(`Kept the agent's state in ${plan.purge[0]} (add --purge to delete it).\n`);
    return EXIT.ok;
  },
};
