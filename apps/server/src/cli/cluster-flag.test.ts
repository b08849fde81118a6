import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.js';
import { type Io, startCommand } from './commands.js';

const dir = mkdtempSync(join(tmpdir(), 'sf-cluster-flag-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const io = (env: NodeJS.ProcessEnv = {}): Io => ({ out: () => {}, err: () => {}, readStdin: async () => '', env });

describe('--cluster / SAFEFLEET_CLUSTER', () => {
  it('takes only "sqlite"; anything else is a usage error before anything is created', async () => {
    const data = join(dir, 'data');
    const start = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
      startCommand(parseArgs(['start', '--port', '0', '--data', data, ...argv]), io(env));
    await expect(start(['--cluster', 'postgres'])).rejects.toThrow(UsageError);
    await expect(start([], { SAFEFLEET_CLUSTER: 'yes' })).rejects.toThrow(/--cluster takes "sqlite"/);
    expect(existsSync(data)).toBe(false);
  });
});
