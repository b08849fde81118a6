/** The whole CLI as the single-file program carries it: the SEA asset cli.cjs (see ./assets.ts). */
import { COMMANDS } from '../cli/commands.js';
import { runCli as runWith } from '../cli/main.js';

export { collectAll } from '../collectors/index.js';

export function runCli(): void {
  runWith(COMMANDS);
}
