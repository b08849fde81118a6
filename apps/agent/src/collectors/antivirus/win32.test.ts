import { readFileSync } from 'node:fs';
import { AntivirusFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { powershellArgs, powershellPath } from '../../exec/powershell.js';
import { ANTIVIRUS_SCRIPT, collectAntivirusWin32 } from './win32.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const KEY = commandLine(powershellPath(), powershellArgs(ANTIVIRUS_SCRIPT));
const now = new Date('2026-11-21T10:00:00Z');
const hostWith = (stdout: string) => createFakeHost({ platform: 'win32', commands: { [KEY]: { stdout } } });

describe('collectAntivirusWin32 (fake Windows machines)', () => {
  it('Windows 11 with Defender: ok, one protecting product', async () => {
    const host = hostWith(fixture('antivirus.win11-defender-normal.json'));
    const g = await collectAntivirusWin32({ host, now });
    expect(host.unmatched).toEqual([]);
    expect(g.status).toBe('ok');
    expect(g.products?.map((p) => [p.name, p.enabled, p.signaturesUpdatedAt])).toEqual([
      ['Microsoft Defender Antivirus', true, '2024-06-04T07:06:27.000Z'],
    ]);
    expect(AntivirusFacts.safeParse(g).success).toBe(true);
  });

  it('Windows 10 with Symantec and passive Defender: only Symantec is switched on', async () => {
    const g = await collectAntivirusWin32({ host: hostWith(fixture('antivirus.win10-symantec-defender-passive.json')), now });
    expect(g.products?.filter((p) => p.enabled).map((p) => p.name)).toEqual(['Symantec Endpoint Protection']);
  });

  it('nothing answers: status error with both reasons', async () => {
    const g = await collectAntivirusWin32({ host: hostWith(fixture('antivirus.nothing-answers.json')), now });
    expect(g.status).toBe('error');
    expect(g.error).toMatch(/^Neither Windows Security Center/);
  });

  it('PowerShell not there at all', async () => {
    const host = createFakeHost({ platform: 'win32' });
    expect(await collectAntivirusWin32({ host, now })).toEqual({
      status: 'error',
      error: 'Reading Windows Security Center and Defender could not be started: ENOENT: powershell.exe is not installed',
    });
  });
});

it.each([['ANTIVIRUS_SCRIPT', ANTIVIRUS_SCRIPT]])(
  '%s travels as one argument: one line, no double quotes or comments, ends in compressed JSON',
  (_, script) => {
    expect(script).not.toMatch(/["#\r\n]/);
    expect(script).toMatch(/ConvertTo-Json .*-Compress\s*}?$/);
  },
);
