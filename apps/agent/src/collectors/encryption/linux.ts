import { describeFailure, type Host } from '../../exec/index.js';
import type { CollectContext, GroupInput } from '../types.js';
import {
  chainFromInverse,
  judgeChain,
  notABlockDevice,
  parseFindmntRoot,
  parseLsblk,
  parseProcMountsRoot,
  rootChainInTree,
  unknownRootVolume,
  type BlockNode,
  type RootMount,
} from './linux.parse.js';

export const FINDMNT_ARGS = ['-J', '-o', 'SOURCE,FSTYPE', '/'];
export const lsblkInverseArgs = (device: string) => ['-J', '-s', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINT', device];
export const LSBLK_TREE_ARGS = ['-J', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINTS'];
/** util-linux before 2.37 has no MOUNTPOINTS column. */
export const LSBLK_TREE_ARGS_OLD = ['-J', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINT'];

/** Is the root filesystem on LUKS / dm-crypt? Unknown (null) when the disk cannot be seen. */
export async function collectEncryptionLinux(ctx: CollectContext): Promise<GroupInput<'encryption'>> {
  const { host } = ctx;
  const root = await rootMount(host);
  if (!root) return { status: 'error', error: 'The root filesystem could not be found (findmnt and /proc/mounts gave no answer)' };

  const why = notABlockDevice(root);
  if (why) return { status: 'ok', volumes: [unknownRootVolume(root, why)] };

  const problems: string[] = [];
  let chain: BlockNode[] | null = null;
  if (root.source !== '/dev/root') {
    const r = await host.run('lsblk', lsblkInverseArgs(root.source), { timeoutMs: 15_000 });
    const nodes = parseLsblk(r.stdout);
    if (nodes && nodes.length > 0) chain = chainFromInverse(nodes);
    else problems.push(describeFailure(`lsblk ${root.source}`, r) ?? `lsblk ${root.source} listed nothing`);
  }
  if (!chain) {
    const tree = await fullTree(host);
    if ('nodes' in tree) {
      chain = rootChainInTree(tree.nodes);
      if (!chain) problems.push('lsblk shows no block device mounted on /');
    } else problems.push(tree.error);
  }
  if (!chain) {
    return { status: 'ok', volumes: [unknownRootVolume(root, `the disk behind ${root.source} could not be inspected: ${problems.join('; ')}`)] };
  }
  const verdict = judgeChain(chain);
  return {
    status: 'ok',
    volumes: [
      {
        mount: '/',
        device: root.source,
        encrypted: verdict.encrypted,
        ...(verdict.method ? { method: verdict.method } : {}),
        isSystem: true,
        detail: verdict.detail,
      },
    ],
  };
}

async function rootMount(host: Host): Promise<RootMount | null> {
  if (await host.which('findmnt')) {
    const r = await host.run('findmnt', FINDMNT_ARGS, { timeoutMs: 10_000 });
    const root = r.exitCode === 0 ? parseFindmntRoot(r.stdout) : null;
    if (root) return root;
  }
  const mounts = await host.readFile('/proc/mounts');
  return mounts ? parseProcMountsRoot(mounts) : null;
}

async function fullTree(host: Host): Promise<{ nodes: BlockNode[] } | { error: string }> {
  let r = await host.run('lsblk', LSBLK_TREE_ARGS, { timeoutMs: 15_000 });
  if (r.exitCode !== 0 && /unknown column/i.test(r.stderr)) r = await host.run('lsblk', LSBLK_TREE_ARGS_OLD, { timeoutMs: 15_000 });
  const nodes = r.exitCode === 0 ? parseLsblk(r.stdout) : null;
  return nodes ? { nodes } : { error: describeFailure('lsblk', r) ?? 'lsblk did not return JSON' };
}
