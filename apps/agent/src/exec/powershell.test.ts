import { describe, expect, it } from 'vitest';
import { commandLine } from './host.js';
import { createFakeHost } from './fake-host.js';
import {
  asArray,
  interpretPowerShell,
  parsePsDate,
  parsePsJson,
  powershellArgs,
  powershellPath,
  psErrorText,
  PS_PRELUDE,
  runPowerShell,
  windowsChildEnv,
} from './powershell.js';

describe('parsePsDate', () => {
  it.each([
    ['ISO from .ToString("o") (7 fraction digits, Z)', '2024-06-04T08:06:27.1234567Z', '2024-06-04T08:06:27.123Z'],
    ['ISO with offset', '2024-06-04T09:06:27.0000000+01:00', '2024-06-04T08:06:27.000Z'],
    ['ISO without offset is UTC', '2024-06-04T08:06:27', '2024-06-04T08:06:27.000Z'],
    ['PS 5.1 /Date(ms)/', '/Date(1717488387000)/', '2024-06-04T08:06:27.000Z'],
    ['escaped \\/Date(ms)\\/', '\\/Date(1717488387000)\\/', '2024-06-04T08:06:27.000Z'],
    ['/Date(ms+offset)/ (ms are UTC anyway)', '/Date(1717488387000+0100)/', '2024-06-04T08:06:27.000Z'],
    [
      'the {value, DisplayHint, DateTime} wrapper',
      { value: '/Date(1717488387000)/', DisplayHint: 2, DateTime: 'Tuesday, 4 June 2024 09:06:27' },
      '2024-06-04T08:06:27.000Z',
    ],
    ['DateTime.MinValue means never', '0001-01-01T00:00:00.0000000', null],
    ['FILETIME 0 (1601) means never', '/Date(-11644473600000)/', null],
    ['a localised display string is not trusted', '04.06.2024 08:06:27', null],
    ['US display string is not trusted either', '6/4/2024 8:06:27 AM', null],
    ['null', null, null],
    ['a number', 1717488387000, null],
    ['garbage', '/Date(abc)/', null],
  ])('%s', (_, input, expected) => {
    expect(parsePsDate(input)).toBe(expected);
  });
});

describe('parsePsJson', () => {
  it.each([
    ['empty output is an empty list', '', []],
    ['only whitespace and CRLF', '\r\n', []],
    ['a UTF-8 BOM and CRLF', '\uFEFF[{"a":1}]\r\n', [{ a: 1 }]],
    ['a single object stays an object (asArray makes it a list)', '{"a":1}\r\n', { a: 1 }],
    ['PS 5.1 {value,Count} wrapping is undone, nested too', '{"value":[{"x":{"value":[1,2],"Count":2}}],"Count":1}', [{ x: [1, 2] }]],
    ['a warning line before the JSON', 'WARNING: The names of some imported commands include unapproved verbs.\r\n[1,2]\r\n', [1, 2]],
    [
      "PS 5.1 escapes (\\u0027 for quotes) and Ascii's \\uXXXX",
      '{"m":"The term \\u0027Get-Foo\\u0027 \\u003e f\\u00fcr \\u5fae\\u4fe1"}',
      { m: "The term 'Get-Foo' > für 微信" },
    ],
    ['non-ASCII text survives', '[{"DisplayName":"Microsoft 365 – de-de","n":"微信"}]', [{ DisplayName: 'Microsoft 365 – de-de', n: '微信' }]],
  ])('%s', (_, text, expected) => {
    expect(parsePsJson(text)).toEqual({ ok: true, value: expected });
  });

  it('not JSON', () => {
    expect(parsePsJson('Access is denied.\r\n')).toEqual({ ok: false, error: 'not JSON' });
  });

  it('asArray', () => {
    expect(asArray(null)).toEqual([]);
    expect(asArray({ a: 1 })).toEqual([{ a: 1 }]);
    expect(asArray([1])).toEqual([1]);
  });
});

describe('interpretPowerShell', () => {
  const ok = { stdout: '', stderr: '', exitCode: 0 };
  it.each([
    ['JSON', { ...ok, stdout: '[1]' }, { ok: true, data: [1], stderr: '' }],
    ['empty output with exit 0 is an empty list', ok, { ok: true, data: [], stderr: '' }],
    ['timeout', { ...ok, exitCode: null, timedOut: true }, { ok: false, timedOut: true, error: 'Windows Update did not answer within 120 s' }],
    [
      'not started',
      { ...ok, exitCode: null, error: 'ENOENT: powershell.exe is not installed' },
      { ok: false, timedOut: false, error: 'Windows Update could not be started: ENOENT: powershell.exe is not installed' },
    ],
    [
      'script error with no output',
      {
        ...ok,
        exitCode: 1,
        stderr: "Get-Foo : The term 'Get-Foo' is not recognized as the name of a cmdlet.\r\nAt line:1 char:1\r\n+ Get-Foo\r\n+ ~~~~~~~\r\n",
      },
      {
        ok: false,
        timedOut: false,
        error: "Windows Update failed (exit code 1): Get-Foo : The term 'Get-Foo' is not recognized as the name of a cmdlet.",
      },
    ],
    [
      'output that is not JSON',
      { ...ok, stdout: 'Access is denied.\r\n' },
      { ok: false, timedOut: false, error: 'Windows Update did not print JSON: Access is denied.' },
    ],
  ])('%s', (_, r, expected) => {
    expect(interpretPowerShell(r, 'Windows Update', 120_000)).toEqual(expected);
  });

  it('CLIXML error streams are read too', () => {
    const clixml =
      '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">Access is denied_x000D__x000A_</S><S S="Error">At line:1 char:1_x000D__x000A_</S></Objs>';
    expect(psErrorText(clixml)).toBe('Access is denied');
  });
});

describe('runPowerShell', () => {
  it('runs the 64-bit powershell.exe with the fixed flags and the prelude, and parses the answer', async () => {
    const key = commandLine(powershellPath(), powershellArgs('ConvertTo-Json -InputObject @(1) -Compress'));
    const host = createFakeHost({ platform: 'win32', commands: { [key]: { stdout: '\uFEFF[1]\r\n' } } });
    expect(await runPowerShell(host, 'ConvertTo-Json -InputObject @(1) -Compress')).toEqual({ ok: true, data: [1], stderr: '' });
    const call = host.calls[0];
    expect(call?.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command']);
    expect(call?.args[5]?.startsWith('try { [Console]::OutputEncoding=[Text.Encoding]::UTF8 } catch { };')).toBe(true);
    expect(call?.args[5]?.endsWith(' & { ConvertTo-Json -InputObject @(1) -Compress } | ForEach-Object { Ascii $_ }')).toBe(true);
    expect(call?.opts.timeoutMs).toBe(60_000);
    expect(call?.opts.env?.SystemRoot).toBeTruthy();
  });

  it('the prelude has no double quotes or comments (it travels as one argument)', () => {
    expect(PS_PRELUDE).not.toMatch(/["#\n]/);
  });
});

describe('where powershell.exe is', () => {
  it.each([
    ['64-bit Node', {}, 'x64', 'C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe'],
    ['arm64 Node', { SystemRoot: 'C:\\WINDOWS' }, 'arm64', 'C:/WINDOWS/System32/WindowsPowerShell/v1.0/powershell.exe'],
    [
      '32-bit Node on 64-bit Windows: Sysnative',
      { PROCESSOR_ARCHITEW6432: 'AMD64' },
      'ia32',
      'C:/Windows/Sysnative/WindowsPowerShell/v1.0/powershell.exe',
    ],
    ['32-bit Node on 32-bit Windows', { PROCESSOR_ARCHITECTURE: 'x86' }, 'ia32', 'C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe'],
    ['Windows on D:', { SystemRoot: 'D:\\Windows\\' }, 'x64', 'D:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe'],
  ])('%s', (_, env, arch, expected) => {
    expect(powershellPath(env, arch)).toBe(expected);
  });

  it('the child gets the Windows variables it needs and a Windows PATH, nothing else', () => {
    expect(windowsChildEnv({ SystemRoot: 'C:\\Windows', TEMP: 'C:\\Temp', SAFEFLEET_TOKEN: 'secret' })).toEqual({
      SystemRoot: 'C:\\Windows',
      TEMP: 'C:\\Temp',
      PATH: 'C:\\Windows\\System32;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
    });
  });
});
