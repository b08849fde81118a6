import { checkCommand } from './check.js';
import { collectCommand } from './collect.js';
import type { CommandSpec } from './command.js';
import { enrollCommand } from './enroll.js';
import { installCommand } from './install.js';
import { makeRunCommand } from './run.js';
import { statusCommand } from './status.js';
import { uninstallCommand } from './uninstall.js';

const runCommand = makeRunCommand(() => import('../agent.js'));

/** Every command, in the order `help` lists them. Add a command here and it is parsed and documented. */
export const COMMANDS: readonly CommandSpec[] = [
  enrollCommand,
  runCommand,
  collectCommand,
  checkCommand,
  statusCommand,
  installCommand,
  uninstallCommand,
];
