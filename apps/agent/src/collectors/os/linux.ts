import * as si from 'systeminformation';
import { hostOsInfo } from '../../exec/capture-os-info.js';
import type { CollectContext, GroupInput } from '../types.js';
import { parseOsInfo, type OsInfoLike } from './linux.parse.js';

/**
 * systeminformation reads /etc/os-release and friends itself (outside Host), which the brief
 * allows for this group. Where the osInfo comes from, first match wins: the `osInfo` argument
 * (tests), the Host's own osInfo() (capture records it, replay answers from the bundle), else
 * systeminformation on this machine (a plain Host).
 */
export async function collectOsLinux(ctx: CollectContext, osInfo?: () => Promise<OsInfoLike>): Promise<GroupInput<'os'>> {
  const read = osInfo ?? hostOsInfo(ctx.host) ?? si.osInfo;
  const [info, debianVersion] = await Promise.all([read(), ctx.host.readFile('/etc/debian_version', { maxBytes: 256 })]);
  return parseOsInfo(info, debianVersion);
}
