import * as si from 'systeminformation';
import type { CollectContext, GroupInput } from '../types.js';
import { parseOsInfo, type OsInfoLike } from './linux.parse.js';

/**
 * systeminformation reads /etc/os-release and friends itself (outside Host), which the brief
 * allows for this group; tests and a future replay can pass their own osInfo.
 */
export async function collectOsLinux(
  ctx: CollectContext,
  osInfo: () => Promise<OsInfoLike> = si.osInfo,
): Promise<GroupInput<'os'>> {
  const [info, debianVersion] = await Promise.all([
    osInfo(),
    ctx.host.readFile('/etc/debian_version', { maxBytes: 256 }),
  ]);
  return parseOsInfo(info, debianVersion);
}
