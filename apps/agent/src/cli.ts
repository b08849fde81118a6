import { COMMANDS } from './cli/commands.js';
import { runCli } from './cli/main.js';

runCli(COMMANDS);
