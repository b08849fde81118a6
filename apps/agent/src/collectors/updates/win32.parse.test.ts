import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePsJson } from '../../exec/powershell.js';
import { isDefinitionUpdate, parseHistoryWin32, parsePendingWin32 } from './win32.parse.js';

const doc = (name: string) => {
  const r = parsePsJson(readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${name} is not JSON`);
  return r.value;
};

describe('parsePendingWin32', () => {
  it('Windows 11: the cumulative update is security; .NET and MSRT are not; definitions are left out', () => {
    expect(parsePendingWin32(doc('updates-pending.win11-security.json'))).toEqual({
      pending: [
        { name: '2024-06 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5039212)', version: 'KB5039212', security: true },
        {
          name: '2024-06 Cumulative Update for .NET Framework 3.5 and 4.8.1 for Windows 11, version 23H2 for x64 (KB5039895)',
          version: 'KB5039895',
          security: false,
        },
        { name: 'Windows Malicious Software Removal Tool x64 - v5.125 (KB890830)', version: 'KB890830', security: false },
      ],
    });
  });

  it('German Windows 10: security found by the classification id (name translated, no MSRC severity)', () => {
    const r = parsePendingWin32(doc('updates-pending.win10-de.json'));
    expect('pending' in r && r.pending.map((p) => [p.version, p.security])).toEqual([
      ['KB5039211', true],
      ['KB890830', false],
    ]);
  });

  it('nothing pending', () => {
    expect(parsePendingWin32(doc('updates-pending.none.json'))).toEqual({ pending: [] });
  });

  it.each([
    ['updates-pending.service-disabled.json', 'Windows Update could not be searched: the Windows Update service is disabled (0x80070422)'],
    ['updates-pending.other-hresult.json', 'Windows Update could not be searched: Exception from HRESULT: 0x8024A000 (0x8024A000)'],
  ])('%s → an error in words', (name, error) => {
    expect(parsePendingWin32(doc(name))).toEqual({ error });
  });

  it('an MSRC severity alone makes an update a security update; a single object is a list of one', () => {
    expect(parsePendingWin32({ updates: { Title: 'Some fix', MsrcSeverity: 'Important', KB: 'KB5000001', CategoryIds: [] } })).toEqual({
      pending: [{ name: 'Some fix', version: 'KB5000001', security: true }],
    });
  });
});

describe('parseHistoryWin32', () => {
  it('Windows 11: the newest OS install, not the newer Defender definitions or platform update', () => {
    expect(parseHistoryWin32(doc('updates-history.win11.json'))).toEqual({
      lastInstalledAt: '2024-06-12T09:44:18.000Z',
      from: 'history',
      historyError: null,
    });
  });

  it('only definition updates in the history (German titles): falls back to Get-HotFix', () => {
    expect(parseHistoryWin32(doc('updates-history.win10-de-definitions-only.json'))).toEqual({
      lastInstalledAt: '2024-05-14T22:00:00.000Z',
      from: 'hotfix',
      historyError: null,
    });
  });

  it('history and hotfix both unavailable: unknown, with the reason', () => {
    expect(parseHistoryWin32(doc('updates-history.service-disabled.json'))).toEqual({
      lastInstalledAt: null,
      from: null,
      historyError: 'Exception from HRESULT: 0x80070422 (0x80070422)',
    });
  });
});

describe('isDefinitionUpdate', () => {
  it.each([
    ['Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.413.112.0)', [], true],
    ['Update for Microsoft Defender Antivirus antimalware platform - KB4052623 (Version 4.18.24050.7)', [], true],
    ['Some localised title', ['E0789628-CE08-4437-BE74-2495B842F43B'], true],
    ['2024-06 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5039212)', ['0fa1201d-4330-4fa8-8ae9-b877473b6441'], false],
    ['Windows Malicious Software Removal Tool x64 - v5.125 (KB890830)', [], false],
  ])('%s', (title, categoryIds, expected) => {
    expect(isDefinitionUpdate({ title, categoryIds })).toBe(expected);
  });
});
