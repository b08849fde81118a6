import { describeFailure } from '../../exec/index.js';
import type { CollectContext, GroupInput } from '../types.js';
import { buildOsFacts } from './darwin.parse.js';

export const UNAME_ARCH_ARGS = ['-m'];
export const UNAME_KERNEL_ARGS = ['-r'];
export const IOREG_ARGS = ['-rd1', '-c', 'IOPlatformExpertDevice'];

/** macOS version: `sw_vers`, `uname -m`, `uname -r`, `hostname`, and the serial number from ioreg. */
export async function collectOsDarwin(ctx: CollectContext): Promise<GroupInput<'os'>> {
  const { host } = ctx;
  const opts = { timeoutMs: 10_000 };
  const [sw, arch, kernel, hostname, ioreg] = await Promise.all([
    host.run('sw_vers', [], opts),
    host.run('uname', UNAME_ARCH_ARGS, opts),
    host.run('uname', UNAME_KERNEL_ARGS, opts),
    host.run('hostname', [], opts),
    host.run('ioreg', IOREG_ARGS, opts),
  ]);
  const ok = (r: { exitCode: number | null; stdout: string }) => (r.exitCode === 0 ? r.stdout : null);
  const facts = buildOsFacts({ swVers: sw.stdout, arch: ok(arch), kernel: ok(kernel), hostname: ok(hostname), ioreg: ok(ioreg) });
  if (facts.status === 'error') {
    const why = describeFailure('sw_vers', sw);
    if (why) facts.error = why;
  }
  return facts;
}
