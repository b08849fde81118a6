import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { Facts } from '@safefleet/protocol';
import { AGENT_BIN, collectInChild } from './collect-child.js';

const node = (script: string) => ({ file: process.execPath, args: ['-e', script, '--'] });

describe('collectInChild', () => {
  // Runs the built CLI (npm test builds every workspace first).
  it('collects this machine through the real CLI in a child process', async () => {
    expect(AGENT_BIN).toMatch(/bin\/safefleet-agent\.js$/);
    expect(existsSync(AGENT_BIN)).toBe(true);
    const facts = Facts.parse(await collectInChild({ agentVersion: 'test' }));
    expect(facts.os.platform).toBe(process.platform);
    expect(facts.apps.status).not.toBe('unsupported');
  }, 60_000);

  it('rejects with the child exit code and the end of its stderr', async () => {
    const err = await collectInChild({ agentVersion: 'x' }, { command: node('console.error("boom: no collectors"); process.exit(3)') }).catch(
      (e: Error) => e,
    );
    expect(String(err)).toMatch(/exited with code 3: boom: no collectors/);
  });

  it('rejects output that is not JSON, and output over the size bound', async () => {
    await expect(collectInChild({ agentVersion: 'x' }, { command: node('process.stdout.write("hello")') })).rejects.toThrow(/not JSON/);
    await expect(collectInChild({ agentVersion: 'x' }, { command: node('process.stdout.write("x".repeat(5000))'), maxBytes: 1000 })).rejects.toThrow(
      /more than 1000 bytes/,
    );
  });

  it('stops a collection that takes too long', async () => {
    const started = Date.now();
    await expect(collectInChild({ agentVersion: 'x' }, { command: node('setTimeout(() => {}, 60000)'), timeoutMs: 300 })).rejects.toThrow(
      /longer than/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
