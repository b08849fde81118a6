import { FACT_GROUPS } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { createFakeHost } from '../exec/index.js';
import { collectAll, collectFrom, type CollectorTable } from './index.js';
import { REGISTRY } from './registry.js';

const now = new Date('2026-11-21T10:00:00.000Z');

describe('collectAll', () => {
  it('on a platform without collectors every group is an explicit unsupported, and the report validates', async () => {
    const missing = { unsupported: 'Windows collector not available in this agent version' };
    const table = Object.fromEntries(FACT_GROUPS.map((g) => [g, { ...REGISTRY[g], win32: missing }])) as unknown as CollectorTable;
    const facts = await collectFrom(table, { host: createFakeHost({ platform: 'win32' }), agentVersion: '0.1.0', now });
    expect(facts.collectedAt).toBe('2026-11-21T10:00:00.000Z');
    expect(facts.agentVersion).toBe('0.1.0');
    expect(facts.os).toEqual({
      status: 'unsupported',
      error: 'Windows collector not available in this agent version',
      platform: 'win32',
      distro: '',
      release: '',
      build: '',
      kernel: '',
      arch: '',
      hostname: '',
    });
    for (const g of FACT_GROUPS) expect(facts[g].status).toBe('unsupported');
    expect(facts.apps.apps).toEqual([]);
    expect(facts.updates.pendingCount).toBeNull();
  });

  it('a collector that throws, hangs or writes a bad shape spoils only its own group', async () => {
    const table: CollectorTable = {
      ...REGISTRY,
      os: { ...REGISTRY.os, linux: async () => ({ status: 'ok', platform: 'linux', distro: 'Test OS' }) },
      antivirus: {
        ...REGISTRY.antivirus,
        linux: async () => {
          throw new Error('boom');
        },
      },
      // Schema violation: a product without its required fields.
      apps: { ...REGISTRY.apps, linux: async () => ({ status: 'ok', apps: [{ name: 'x' } as never] }) },
      encryption: { ...REGISTRY.encryption, linux: () => new Promise(() => undefined) },
      accounts: { ...REGISTRY.accounts, linux: async () => ({ status: 'ok', accounts: [] }) },
      updates: { ...REGISTRY.updates, linux: async () => ({ status: 'ok', pendingCount: 0, securityPendingCount: 0 }) },
      screenLock: { ...REGISTRY.screenLock, linux: async () => ({ status: 'unsupported', error: 'none' }) },
    };
    const facts = await collectFrom(table, { host: createFakeHost(), agentVersion: '0.1.0', now, groupTimeoutMs: 100 });
    expect(facts.os).toMatchObject({ status: 'ok', distro: 'Test OS', release: '' });
    expect(facts.antivirus).toEqual({ status: 'error', error: 'The antivirus collector failed: boom', products: [] });
    expect(facts.apps.status).toBe('error');
    expect(facts.apps.error).toMatch(/^The apps facts did not match the protocol \(apps\.0\.id: /);
    expect(facts.encryption).toEqual({ status: 'error', error: 'The encryption collector took longer than 100 ms and was given up', volumes: [] });
    expect(facts.updates).toMatchObject({ status: 'ok', pendingCount: 0, lastInstalledAt: null, pending: [] });
  });

  it('runs the real Linux collectors against a fake machine with nothing on it', async () => {
    const table: CollectorTable = { ...REGISTRY, os: { ...REGISTRY.os, linux: async () => ({ status: 'ok', platform: 'linux' }) } };
    const facts = await collectFrom(table, { host: createFakeHost(), agentVersion: '0.1.0', now });
    expect(facts.antivirus).toEqual({ status: 'ok', products: [] });
    expect(facts.updates).toMatchObject({ status: 'unsupported', error: 'No supported update manager (apt or dnf) was found on this Linux system' });
    expect(facts.accounts).toMatchObject({ status: 'error', error: 'The list of accounts (/etc/passwd) could not be read' });
    expect(facts.apps).toMatchObject({ status: 'error', error: 'No package manager (dpkg, rpm, snap, flatpak) or application folder was found' });
    expect(facts.encryption).toMatchObject({ status: 'error' });
    expect(facts.screenLock).toMatchObject({
      status: 'unsupported',
      error: 'No desktop session is running, so the screen-lock setting cannot be read',
    });
  });
});
