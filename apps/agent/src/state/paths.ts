import { homedir } from 'node:os';
import { join, resolve, win32 } from 'node:path';

export const STATE_ENV = 'SAFEFLEET_AGENT_STATE';

export interface StateDirContext {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Effective uid; undefined where the platform has none (Windows). */
  uid?: number | undefined;
  home?: string;
}

/**
 * Where the agent keeps its state when nothing overrides it:
 * root on Linux → /var/lib/safefleet-agent; root on macOS → /Library/Application Support/Safefleet;
 * Windows → %ProgramData%\Safefleet; anyone else → $XDG_STATE_HOME/safefleet-agent or
 * ~/.local/state/safefleet-agent.
 */
export function defaultStateDir(ctx: StateDirContext = {}): string {
  const platform = ctx.platform ?? process.platform;
  const env = ctx.env ?? process.env;
  const uid = 'uid' in ctx ? ctx.uid : process.geteuid?.();
  const home = ctx.home ?? homedir();
  if (platform === 'win32') {
    return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Safefleet');
  }
  if (uid === 0) {
    return platform === 'darwin' ? '/Library/Application Support/Safefleet' : '/var/lib/safefleet-agent';
  }
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg && xdg.startsWith('/')) return join(xdg, 'safefleet-agent');
  return join(home, '.local', 'state', 'safefleet-agent');
}

/** `--state DIR` wins, then $SAFEFLEET_AGENT_STATE, then the default for this user and platform. */
export function resolveStateDir(flag?: string, ctx: StateDirContext = {}): string {
  if (flag) return resolve(flag);
  const fromEnv = (ctx.env ?? process.env)[STATE_ENV];
  if (fromEnv) return resolve(fromEnv);
  return defaultStateDir(ctx);
}
