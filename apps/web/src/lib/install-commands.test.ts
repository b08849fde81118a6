import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { AgentReleaseInfo } from '@safefleet/protocol';
import { enrolmentPin, installCommands } from './install-commands';

const sha = (c: string) => c.repeat(64);
const release: AgentReleaseInfo = {
  version: '0.2.0',
  builtAt: '2026-12-03T12:00:00.000Z',
  downloadsUrl: 'https://console.example.org:8443/downloads/agent',
  files: [
    { target: 'linux-x64', file: 'safefleet-agent-linux-x64', size: 1, sha256: sha('a') },
    { target: 'linux-arm64', file: 'safefleet-agent-linux-arm64', size: 1, sha256: sha('b') },
    { target: 'win-x64', file: 'safefleet-agent-win-x64.exe', size: 1, sha256: sha('c') },
    { target: 'darwin-x64', file: 'safefleet-agent-darwin-x64', size: 1, sha256: sha('d') },
  ],
  refused: [],
  hold: false,
};
const enrol = (payload: object) => `SFE1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
const plain = enrol({ url: 'https://console.example.org:8443', token: 'x'.repeat(24) });
const PIN = `${'A'.repeat(42)}Q=`;

describe('installCommands', () => {
  it('without programs on the console: the repository commands, with the string quoted', () => {
    const cmds = installCommands(' SFE1.abc_DEF-123 ');
    expect(cmds.map((c) => c.platform)).toEqual(['linux', 'darwin', 'win32']);
    expect(cmds[0]!.command).toBe("sudo npx safefleet-agent install --enroll 'SFE1.abc_DEF-123'");
    expect(cmds[2]!.command).toBe("npx safefleet-agent install --enroll 'SFE1.abc_DEF-123'");
    const [linux, , win] = installCommands("a'b");
    expect(linux!.command).toContain(`'a'\\''b'`);
    expect(win!.command).toContain(`'a''b'`);
  });

  it('Linux and macOS: one curl | sudo sh line carrying the SHA-256 of each program, that sh parses', () => {
    const [linux, mac] = installCommands(plain, release);
    expect(linux!.command).toBe(
      `curl -fsSL 'https://console.example.org:8443/downloads/agent/install.sh' | sudo sh -s -- '${plain}' --sha256 linux-x64=${sha('a')} --sha256 linux-arm64=${sha('b')}`,
    );
    expect(mac!.command).toContain(`--sha256 darwin-x64=${sha('d')}`);
    expect(mac!.command).not.toContain('linux');
    // sh -n: the line is valid shell (parsed, not run).
    for (const c of [linux!, mac!]) execFileSync('sh', ['-n', '-c', c.command]);
  });

  it('with a certificate pin: curl insists on the key, and install.sh is told it', () => {
    const pinned = enrol({ url: 'https://console.example.org:8443', token: 'x'.repeat(24), pin: PIN });
    expect(enrolmentPin(pinned)).toBe(PIN);
    expect(enrolmentPin(plain)).toBeUndefined();
    const [linux, , win] = installCommands(pinned, release);
    expect(linux!.command).toMatch(new RegExp(`^curl -fsSL -k --pinnedpubkey 'sha256//${PIN.replace(/[+/=]/g, '\\$&')}' `));
    expect(linux!.command).toMatch(/ --pin '[A-Za-z0-9+/]{43}='$/);
    expect(win!.command).toContain('ServerCertificateValidationCallback');
  });

  it('Windows: one PowerShell line under -ExecutionPolicy Bypass that checks the SHA-256 before running anything', () => {
    const win = installCommands(plain, release)[2]!.command;
    const m = /^powershell -NoProfile -ExecutionPolicy Bypass -Command "(.*)"$/.exec(win);
    expect(m).not.toBeNull();
    const script = m![1]!;
    // The same in PowerShell, cmd.exe and the Run box: nothing either shell would expand or split.
    expect(script).not.toMatch(/[$`"]/);
    // Statements at brace depth 0 (the if block holds its own "; ").
    const statements: string[] = [];
    let depth = 0;
    let cur = '';
    for (let i = 0; i < script.length; i++) {
      const ch = script[i]!;
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      if (depth === 0 && script.startsWith('; ', i)) {
        statements.push(cur);
        cur = '';
        i++;
        continue;
      }
      cur += ch;
    }
    statements.push(cur);
    expect(statements).toHaveLength(5);
    expect(statements[0]).toBe("[Net.ServicePointManager]::SecurityProtocol = 'Tls12'");
    expect(statements[1]).toContain("DownloadFile('https://console.example.org:8443/downloads/agent/safefleet-agent-win-x64.exe',");
    expect(statements[2]).toMatch(new RegExp(`^if \\(\\(Get-FileHash -Algorithm SHA256 .*\\)\\.Hash -ne '${sha('c')}'\\) \\{ .*throw `));
    expect(statements[3]).toBe(`& (Join-Path ([IO.Path]::GetTempPath()) 'safefleet-agent-setup.exe') install --enroll '${plain}'`);
    // Brackets and quotes balance (a cheap parse: PowerShell itself is not here).
    for (const [open, close] of [
      ['(', ')'],
      ['{', '}'],
      ['[', ']'],
    ] as const)
      expect(script.split(open).length).toBe(script.split(close).length);
    expect((script.match(/'/g) ?? []).length % 2).toBe(0);
  });
});
