import { readFileSync } from 'node:fs';
import { Volume } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import {
  chainFromInverse,
  judgeChain,
  notABlockDevice,
  parseFindmntRoot,
  parseLsblk,
  parseProcMountsRoot,
  rootChainInTree,
  unknownRootVolume,
} from './linux.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('root mount', () => {
  it('findmnt JSON; btrfs subvolume suffix removed', () => {
    expect(parseFindmntRoot(fixture('findmnt-root.debian12-vm.json'))).toEqual({ source: '/dev/vda', fstype: 'ext4' });
    expect(parseFindmntRoot(fixture('findmnt-root.fedora-btrfs-luks.json'))).toEqual({
      source: '/dev/mapper/luks-680cb146-2018-49f5-b166-c4ecec3dfe26',
      fstype: 'btrfs',
    });
    expect(parseFindmntRoot('')).toBeNull();
    expect(parseFindmntRoot('{"filesystems":[]}')).toBeNull();
  });

  it('/proc/mounts fallback', () => {
    expect(parseProcMountsRoot(fixture('proc-mounts.debian12-vm.txt'))).toEqual({ source: '/dev/vda', fstype: 'ext4' });
    expect(parseProcMountsRoot(fixture('proc-mounts.docker-overlay.txt'))).toEqual({ source: 'overlay', fstype: 'overlay' });
    expect(parseProcMountsRoot('/dev/sda1 /home ext4 rw 0 0\n')).toBeNull();
  });

  it('an overlay or a pool name cannot be inspected; /dev paths can', () => {
    expect(notABlockDevice({ source: 'overlay', fstype: 'overlay' })).toBe('root filesystem is an overlay; cannot see the underlying disk');
    expect(notABlockDevice({ source: 'rpool/ROOT/ubuntu', fstype: 'zfs' })).toBe(
      'root filesystem "rpool/ROOT/ubuntu" (zfs) is not a block device; its encryption could not be checked',
    );
    expect(notABlockDevice({ source: '/dev/vda', fstype: 'ext4' })).toBeNull();
  });
});

describe('lsblk chains', () => {
  it('this VM: root straight on virtual disk vda, no encryption layer', () => {
    const chain = chainFromInverse(parseLsblk(fixture('lsblk-inverse.debian12-vm.json'))!);
    expect(judgeChain(chain)).toEqual({ encrypted: false, detail: 'no LUKS or dm-crypt layer: vda (disk)' });
    const tree = rootChainInTree(parseLsblk(fixture('lsblk-tree.debian12-vm.json'))!);
    expect(tree?.map((n) => n.name)).toEqual(['vda']);
  });

  it('btrfs on LUKS (Fedora)', () => {
    const v = judgeChain(chainFromInverse(parseLsblk(fixture('lsblk-inverse.fedora-btrfs-luks.json'))!));
    expect(v.encrypted).toBe(true);
    expect(v.method).toBe('LUKS');
    expect(v.detail).toBe(
      'LUKS container nvme0n1p3: luks-680cb146-2018-49f5-b166-c4ecec3dfe26 (crypt btrfs) → nvme0n1p3 (part crypto_LUKS) → nvme0n1 (disk)',
    );
  });

  it('LVM on LUKS (Ubuntu installer default with encryption)', () => {
    const v = judgeChain(chainFromInverse(parseLsblk(fixture('lsblk-inverse.ubuntu-lvm-on-luks.json'))!));
    expect(v).toMatchObject({ encrypted: true, method: 'LUKS' });
  });

  it('plain partition: not encrypted', () => {
    expect(judgeChain(chainFromInverse(parseLsblk(fixture('lsblk-inverse.plain-partition.json'))!)).encrypted).toBe(false);
  });

  it('full tree with MOUNTPOINTS: finds the crypt device holding "/" among several mounts', () => {
    const chain = rootChainInTree(parseLsblk(fixture('lsblk-tree.fedora-btrfs-luks.json'))!);
    expect(chain?.map((n) => n.name)).toEqual(['nvme0n1', 'nvme0n1p3', 'luks-680cb146-2018-49f5-b166-c4ecec3dfe26']);
    expect(judgeChain(chain!).method).toBe('LUKS');
  });

  it('a device lsblk cannot see gives an empty list; junk gives null', () => {
    expect(parseLsblk(fixture('lsblk-inverse.not-block.json'))).toEqual([]);
    expect(parseLsblk(fixture('lsblk-tree.old-util-linux.stderr.txt'))).toBeNull();
  });
});

describe('unknownRootVolume', () => {
  it('is explicit about not knowing', () => {
    const v = unknownRootVolume({ source: 'overlay', fstype: 'overlay' }, 'root filesystem is an overlay; cannot see the underlying disk');
    expect(v).toEqual({
      mount: '/',
      device: 'overlay',
      encrypted: null,
      isSystem: true,
      detail: 'root filesystem is an overlay; cannot see the underlying disk',
    });
    expect(Volume.safeParse(v).success).toBe(true);
  });
});
