import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { collectEncryptionLinux, FINDMNT_ARGS, lsblkInverseArgs, LSBLK_TREE_ARGS, LSBLK_TREE_ARGS_OLD } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
const FINDMNT = commandLine('findmnt', FINDMNT_ARGS);
const LUKS_DEV = '/dev/mapper/luks-680cb146-2018-49f5-b166-c4ecec3dfe26';

describe('collectEncryptionLinux (fake machines)', () => {
  it('this VM: root on /dev/vda with no encryption layer', async () => {
    const host = createFakeHost({
      commands: {
        [FINDMNT]: { stdout: fixture('findmnt-root.debian12-vm.json') },
        [commandLine('lsblk', lsblkInverseArgs('/dev/vda'))]: { stdout: fixture('lsblk-inverse.debian12-vm.json') },
      },
    });
    expect(await collectEncryptionLinux({ host, now })).toEqual({
      status: 'ok',
      volumes: [
        {
          mount: '/',
          device: '/dev/vda',
          encrypted: false,
          isSystem: true,
          detail: 'no LUKS or dm-crypt layer: vda (disk)',
        },
      ],
    });
  });

  it('a LUKS laptop, found through the full tree when lsblk -s fails (old util-linux columns too)', async () => {
    const host = createFakeHost({
      commands: {
        [FINDMNT]: { stdout: fixture('findmnt-root.fedora-btrfs-luks.json') },
        [commandLine('lsblk', lsblkInverseArgs(LUKS_DEV))]: {
          exitCode: 32,
          stdout: fixture('lsblk-inverse.not-block.json'),
          stderr: 'lsblk: not a block device\n',
        },
        [commandLine('lsblk', LSBLK_TREE_ARGS)]: { exitCode: 1, stderr: fixture('lsblk-tree.old-util-linux.stderr.txt') },
        [commandLine('lsblk', LSBLK_TREE_ARGS_OLD)]: { stdout: fixture('lsblk-tree.fedora-btrfs-luks.json') },
      },
    });
    const [v] = (await collectEncryptionLinux({ host, now })).volumes ?? [];
    expect(v).toMatchObject({ mount: '/', device: LUKS_DEV, encrypted: true, method: 'LUKS', isSystem: true });
  });

  it('a container on overlay: unknown, with the reason', async () => {
    const host = createFakeHost({ files: { '/proc/mounts': fixture('proc-mounts.docker-overlay.txt') } });
    expect(await collectEncryptionLinux({ host, now })).toEqual({
      status: 'ok',
      volumes: [
        {
          mount: '/',
          device: 'overlay',
          encrypted: null,
          isSystem: true,
          detail: 'root filesystem is an overlay; cannot see the underlying disk',
        },
      ],
    });
  });

  it('a block device lsblk cannot inspect at all: unknown, not "not encrypted"', async () => {
    const host = createFakeHost({ files: { '/proc/mounts': fixture('proc-mounts.debian12-vm.txt') }, programs: ['lsblk'] });
    const [v] = (await collectEncryptionLinux({ host, now })).volumes ?? [];
    expect(v?.encrypted).toBeNull();
    expect(v?.detail).toMatch(/^the disk behind \/dev\/vda could not be inspected: /);
  });

  it('no root mount found at all is an error', async () => {
    expect(await collectEncryptionLinux({ host: createFakeHost(), now })).toEqual({
      status: 'error',
      error: 'The root filesystem could not be found (findmnt and /proc/mounts gave no answer)',
    });
  });
});
