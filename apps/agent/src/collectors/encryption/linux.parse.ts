import type { Volume } from '@safefleet/protocol';
import { clip } from '../types.js';

export interface RootMount {
  /** e.g. "/dev/vda", "/dev/mapper/luks-…", "overlay" (btrfs "[/subvol]" suffix removed). */
  source: string;
  fstype: string;
}

const stripSubvolume = (s: string) => s.replace(/\[[^\]]*\]$/, '');

/** `findmnt -J -o SOURCE,FSTYPE /`. */
export function parseFindmntRoot(stdout: string): RootMount | null {
  try {
    const doc = JSON.parse(stdout) as { filesystems?: Array<{ source?: unknown; fstype?: unknown }> };
    const fs = doc.filesystems?.[0];
    if (!fs || typeof fs.source !== 'string' || !fs.source) return null;
    return { source: stripSubvolume(fs.source), fstype: typeof fs.fstype === 'string' ? fs.fstype : '' };
  } catch {
    return null;
  }
}

/** /proc/mounts: the last line mounted on "/" wins (later mounts hide earlier ones). */
export function parseProcMountsRoot(text: string): RootMount | null {
  let root: RootMount | null = null;
  for (const line of text.split('\n')) {
    const [source, mount, fstype] = line.split(' ');
    if (mount === '/' && source) root = { source: unescapeOctal(source), fstype: fstype ?? '' };
  }
  return root;
}

const unescapeOctal = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export interface BlockNode {
  name: string;
  type: string;
  fstype: string | null;
  mountpoints: string[];
  children: BlockNode[];
}

/** `lsblk -J` with MOUNTPOINT or MOUNTPOINTS (util-linux ≥ 2.37); null when it is not lsblk JSON. */
export function parseLsblk(stdout: string): BlockNode[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return null;
  }
  const list = (doc as { blockdevices?: unknown }).blockdevices;
  return Array.isArray(list) ? list.map(toNode) : null;
}

function toNode(raw: unknown): BlockNode {
  const r = (raw ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const mounts = Array.isArray(r.mountpoints) ? r.mountpoints : [r.mountpoint];
  return {
    name: str(r.name) ?? '?',
    type: str(r.type) ?? '',
    fstype: str(r.fstype),
    mountpoints: mounts.filter((m): m is string => typeof m === 'string' && m !== ''),
    children: Array.isArray(r.children) ? r.children.map(toNode) : [],
  };
}

/** Every node in the trees, depth first. */
function walk(nodes: BlockNode[]): BlockNode[] {
  return nodes.flatMap((n) => [n, ...walk(n.children)]);
}

/** The path from a top-level node down to the node mounted on "/", in a full `lsblk -J` tree. */
export function rootChainInTree(nodes: BlockNode[]): BlockNode[] | null {
  for (const n of nodes) {
    if (n.mountpoints.includes('/')) return [n];
    const below = rootChainInTree(n.children);
    if (below) return [n, ...below];
  }
  return null;
}

/** `lsblk -s <dev>` prints the device first with its parents as children: the whole chain is the tree. */
export function chainFromInverse(nodes: BlockNode[]): BlockNode[] {
  return walk(nodes);
}

export interface ChainVerdict {
  encrypted: boolean;
  method?: string;
  detail: string;
}

/**
 * A root filesystem is encrypted when anything between it and the disk is a `crypt` device or a
 * `crypto_LUKS` container (LUKS directly, LVM-on-LUKS, btrfs-on-LUKS…).
 */
export function judgeChain(chain: BlockNode[]): ChainVerdict {
  const luks = chain.find((n) => n.fstype === 'crypto_LUKS');
  const crypt = chain.find((n) => n.type === 'crypt');
  const names = chain.map((n) => `${n.name} (${[n.type, n.fstype].filter(Boolean).join(' ')})`).join(' → ');
  if (luks) return { encrypted: true, method: 'LUKS', detail: clip(`LUKS container ${luks.name}: ${names}`) };
  if (crypt) return { encrypted: true, method: 'dm-crypt', detail: clip(`dm-crypt device ${crypt.name}: ${names}`) };
  return { encrypted: false, detail: clip(`no LUKS or dm-crypt layer: ${names}`) };
}

/** The root volume fact when the disk under it cannot be seen. */
export function unknownRootVolume(root: RootMount | null, why: string): Volume {
  const v: Volume = { mount: '/', encrypted: null, isSystem: true, detail: clip(why) };
  if (root) v.device = clip(root.source);
  return v;
}

/** Why a root source is not something lsblk can inspect, or null when it looks like a block device. */
export function notABlockDevice(root: RootMount): string | null {
  if (root.source.startsWith('/dev/')) return null;
  if (root.fstype === 'overlay' || root.source === 'overlay') return 'root filesystem is an overlay; cannot see the underlying disk';
  return `root filesystem "${root.source}" (${root.fstype || 'unknown type'}) is not a block device; its encryption could not be checked`;
}
