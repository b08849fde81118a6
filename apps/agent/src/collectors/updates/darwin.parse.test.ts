import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlistXml } from '../../exec/plist.js';
import {
  isOsUpdateName,
  isSecurityUpdate,
  lastOsInstallFromHistoryPlist,
  majorVersion,
  parseSoftwareUpdateHistory,
  parseSoftwareUpdateList,
  type MacUpdate,
} from './darwin.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const list = (name: string): MacUpdate[] => {
  const r = parseSoftwareUpdateList(fixture(name));
  if ('unreadable' in r) throw new Error(r.unreadable);
  return r.updates;
};

describe('parseSoftwareUpdateList', () => {
  it('modern format (macOS 26.7): title, version, recommended, restart', () => {
    expect(list('softwareupdate-l.tahoe-26.7.txt').map((u) => [u.label, u.title, u.version, u.recommended, u.restart])).toEqual([
      ['macOS 27-26A428', 'macOS 27', '27', true, true],
      ['macOS Tahoe 26.7.1-25H300', 'macOS Tahoe 26.7.1', '26.7.1', true, true],
      ['macOS Tahoe 26.7.1 (a)-25H300a', 'macOS Tahoe 26.7.1 (a)', '26.7.1 (a)', true, true],
      ['Safari27.0TahoeAuto-27.0', 'Safari', '27.0', true, false],
      ['Command Line Tools for Xcode 27.0-27.0', 'Command Line Tools for Xcode 27.0', '27.0', true, false],
    ]);
  });

  it('legacy format (Mojave): "*" recommended, "-" not; [restart] and [shut down]', () => {
    expect(list('softwareupdate-l.mojave-legacy.txt').map((u) => [u.title, u.version, u.restart])).toEqual([
      ['Safari', '14.0.1', false],
      ['Security Update 2020-005', '10.14.6', true],
      ['macOS Supplemental Update', '10.14.6', true],
      ['Command Line Tools (macOS Mojave version 10.14) for Xcode', '10.3', false],
    ]);
    expect(list('softwareupdate-l.mojave-odd.txt').map((u) => [u.title, u.version, u.recommended, u.restart])).toEqual([
      ['macOS 10.14.1 Update', '10.14.1', true, true],
      ['BridgeOSUpdateCustomer', '10.14.4.1.1.1555388607', true, true],
      ['iCal', '1.0.2', false, false],
    ]);
  });

  it('"No new software available." (printed on stderr) → nothing pending', () => {
    const text = `${fixture('softwareupdate-l.none.stdout.txt')}\n${fixture('softwareupdate-l.none.stderr.txt')}`;
    expect(parseSoftwareUpdateList(text)).toEqual({ updates: [] });
  });

  it('no list and no "no new software" sentence is unreadable, never 0 pending', () => {
    expect(parseSoftwareUpdateList(fixture('softwareupdate-l.no-answer.stdout.txt'))).toEqual({ unreadable: 'softwareupdate -l printed nothing' });
    expect(parseSoftwareUpdateList('Software Update Tool\n\nCannot connect to server\n')).toEqual({
      unreadable: 'softwareupdate gave an answer Safefleet could not read: Cannot connect to server',
    });
  });
});

describe('which updates are security updates', () => {
  it.each([
    ['26.7', [false, true, true, false, false]],
    [null, [true, true, true, false, false]],
  ])('running %s: macOS point updates and (a) responses yes; the new major, Safari, CLT no', (running, want) => {
    expect(list('softwareupdate-l.tahoe-26.7.txt').map((u) => isSecurityUpdate(u, running))).toEqual(want);
  });

  it('anything titled Security counts (Background Security Improvement, Security Update 2020-005)', () => {
    expect(list('softwareupdate-l.background-security.txt').map((u) => isSecurityUpdate(u, '26.3.1'))).toEqual([true]);
    expect(list('softwareupdate-l.mojave-legacy.txt').map((u) => isSecurityUpdate(u, '10.14.6'))).toEqual([false, true, true, false]);
  });

  it('Sonoma 14.6.1 offered 14.7.1 and Sequoia 15.3: only 14.7.1 is security', () => {
    expect(list('softwareupdate-l.sonoma-14.6.1.txt').map((u) => [u.title, isSecurityUpdate(u, '14.6.1')])).toEqual([
      ['macOS Sonoma 14.7.1', true],
      ['macOS Sequoia 15.3', false],
      ['Safari', false],
    ]);
  });

  it.each([
    ['26.7.1', '26'],
    ['15.3', '15'],
    ['10.14.6', '10.14'],
    ['27', '27'],
    ['26.7.1 (a)', '26'],
    ['beta', null],
  ])('major of %s is %s', (v, want) => {
    expect(majorVersion(v)).toBe(want);
  });
});

describe('last OS install', () => {
  it('InstallHistory.plist: newest Software Update OS item (not XProtect data, not App Store apps)', () => {
    const at = lastOsInstallFromHistoryPlist(parsePlistXml(fixture('InstallHistory.sonoma-14.6.1.plist')));
    expect(at?.toISOString()).toBe('2024-08-19T17:30:02.000Z');
    expect(lastOsInstallFromHistoryPlist(null)).toBeNull();
    expect(lastOsInstallFromHistoryPlist(parsePlistXml('<plist version="1.0"><array/></plist>'))).toBeNull();
  });

  it.each([
    ['XProtectPlistConfigData', false],
    ['Gatekeeper Configuration Data', false],
    ['Safari', false],
    ['macOS Sonoma 14.6.1', true],
    ['Security Update 2020-005', true],
    ['macOS Background Security Improvement (a)', true],
  ])('%s is an OS update: %s', (name, want) => {
    expect(isOsUpdateName(name)).toBe(want);
  });

  it('--history, US dates: newest OS row, read as local time', () => {
    expect(parseSoftwareUpdateHistory(fixture('softwareupdate-history.us.txt'))).toEqual({ lastInstalledAt: new Date(2024, 7, 19, 18, 30, 2) });
  });

  it('--history, UK dates (day first, told apart by a day above 12)', () => {
    expect(parseSoftwareUpdateHistory(fixture('softwareupdate-history.uk.txt'))).toEqual({ lastInstalledAt: new Date(2024, 7, 19, 18, 30, 2) });
  });

  it('--history that cannot be read safely is unreadable with a note, not a guessed date', () => {
    expect(parseSoftwareUpdateHistory(fixture('softwareupdate-history.ambiguous.txt'))).toEqual({
      unreadable: 'softwareupdate --history dates could be day/month or month/day, so the last install date is not known',
    });
    expect(parseSoftwareUpdateHistory(fixture('softwareupdate-history.iso-locale.txt'))).toEqual({
      unreadable: 'softwareupdate --history prints dates in a format Safefleet cannot read',
    });
    expect(parseSoftwareUpdateHistory('')).toEqual({ lastInstalledAt: null });
  });

  it('12-hour times', () => {
    const text = 'macOS Sonoma 14.6.1                                14.6.1     08/19/2024, 6:30:02 PM\n';
    expect(parseSoftwareUpdateHistory(text)).toEqual({ lastInstalledAt: new Date(2024, 7, 19, 18, 30, 2) });
  });
});
