/** Builds single-file agent programs with the real packaging script (apps/agent/packaging/dist-agent.mjs). */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentRelease } from '@safefleet/protocol';
import { repoRoot } from './processes.js';

/** Single-file programs can be built and run here (the packaging makes its blob with the linux-x64 runtime). */
export const canBuildSingleFile = process.platform === 'linux' && process.arch === 'x64';

export async function buildAgentProgram(o: {
  out: string;
  keyDir: string;
  version?: string;
  targets?: string;
}): Promise<{ program: string; release: AgentRelease }> {
  const args = [join(repoRoot, 'apps/agent/packaging/dist-agent.mjs'), '--targets', o.targets ?? 'linux-x64', '--out', o.out, '--key-dir', o.keyDir];
  if (o.version) args.push('--version', o.version);
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, args, { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) =>
      err
        ? reject(
            new Error(
              `dist:agent failed: ${stderr
                .split('\n')
                .filter((l) => !l.includes('string offset'))
                .join('\n')}`,
            ),
          )
        : resolve(),
    ),
  );
  const release = AgentRelease.parse(JSON.parse(readFileSync(join(o.out, 'manifest.json'), 'utf8')));
  return { program: join(o.out, 'safefleet-agent-linux-x64'), release };
}
