/**
 * Where `collect` and `check` get their facts from: this machine (default), this machine while
 * recording a capture bundle (--capture DIR), or a capture bundle (--replay DIR).
 */
import { readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Facts } from '@safefleet/protocol';
import type { Host } from '../exec/index.js';
import { resolveStateDir } from '../state/index.js';
import { AGENT_VERSION } from '../version.js';
import { stringFlag, UsageError, type FlagSpec, type ParsedArgs } from './args.js';
import type { CliIo } from './command.js';

export const CAPTURE_FLAG: FlagSpec = {
  name: 'capture',
  value: 'DIR',
  description: 'Also record everything the collectors read and ran into a new folder DIR, a bundle to send to support (secrets left out)',
};
export const REPLAY_FLAG: FlagSpec = {
  name: 'replay',
  value: 'DIR',
  description: 'Read the machine recorded in capture bundle DIR instead of this one (works on any OS)',
};
export const NOW_FLAG: FlagSpec = {
  name: 'now',
  value: 'ISO',
  description: 'With --replay: the time to collect and evaluate at (default: when the bundle was captured)',
};

export interface CollectSource {
  host?: Host;
  /** Absent for a replay without --state: first-seen dates of pending updates are then "now". */
  stateDir?: string;
  now: Date;
  /** After collecting: write the capture, report replay gaps. */
  finish(facts: Facts, io: CliIo): Promise<void>;
}

export async function sourceFromArgs(args: ParsedArgs, io: CliIo): Promise<CollectSource> {
  const capture = stringFlag(args, 'capture');
  const replay = stringFlag(args, 'replay');
  const nowFlag = stringFlag(args, 'now');
  const stateFlag = stringFlag(args, 'state');
  if (capture && replay) throw new UsageError('--capture and --replay cannot be used together');
  if (nowFlag && !replay) throw new UsageError('--now only works with --replay');

  if (replay) {
    const { loadBundle } = await import('../exec/replay-loader.js');
    const { createReplayHost } = await import('../exec/replay-host.js');
    const { meta, data } = await loadBundle(resolve(replay));
    let now = new Date(meta.capturedAt);
    if (nowFlag) {
      now = new Date(nowFlag);
      if (Number.isNaN(now.getTime())) throw new UsageError(`--now: "${nowFlag}" is not a date (use ISO 8601, e.g. 2026-11-21T10:00:00Z)`);
    }
    const host = createReplayHost(data);
    // Local times in the bundle (apt's history.log) are read in the captured machine's zone.
    if (meta.timeZone) process.env.TZ = meta.timeZone;
    return {
      host,
      // Only an explicit --state: a replay must never touch this machine's own agent state.
      ...(stateFlag ? { stateDir: resolve(stateFlag) } : {}),
      now,
      async finish(_facts, out) {
        if (host.misses.length === 0) return;
        const shown = host.misses
          .slice(0, 10)
          .map((m) => `  ${m}`)
          .join('\n');
        const more = host.misses.length > 10 ? `\n  … and ${host.misses.length - 10} more` : '';
        out.err(
          `note: the bundle (captured by agent ${meta.agentVersion}) has no answer for ${host.misses.length} ` +
            `thing(s) this agent asked for; they were treated as missing:\n${shown}${more}\n`,
        );
      },
    };
  }

  const stateDir = resolveStateDir(stateFlag, { env: io.env });
  const now = new Date();
  if (!capture) return { stateDir, now, finish: async () => undefined };

  const dir = resolve(capture);
  const existing = await readdir(dir).catch(() => null);
  if (existing && existing.length > 0) throw new UsageError(`--capture: ${dir} is not empty; choose a new folder`);
  const { createLocalHost } = await import('../exec/index.js');
  const { createCaptureHost } = await import('../exec/capture-host.js');
  const { writeBundle } = await import('../exec/capture-writer.js');
  const host = createCaptureHost(createLocalHost());
  return {
    host,
    stateDir,
    now,
    async finish(facts, out) {
      await writeBundle(dir, { data: host.data, agentVersion: AGENT_VERSION, capturedAt: now, hostname: hostname(), facts });
      const d = host.data;
      out.err(`Capture written to ${dir} (${d.commands.length} commands, ${d.files.size} files). Read docs/capture-bundles.md before sending it.\n`);
    },
  };
}
