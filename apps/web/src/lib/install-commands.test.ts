import { describe, expect, it } from 'vitest';
import { installCommands } from './install-commands';

describe('installCommands', () => {
  it('gives the install-and-enrol command for Linux, macOS and Windows with the string quoted', () => {
    const cmds = installCommands(' SFE1.abc_DEF-123 ');
    expect(cmds.map((c) => c.platform)).toEqual(['linux', 'darwin', 'win32']);
    expect(cmds[0]!.command).toBe("sudo npx safefleet-agent install --enroll 'SFE1.abc_DEF-123'");
    expect(cmds[2]!.command).toBe("npx safefleet-agent install --enroll 'SFE1.abc_DEF-123'");
  });

  it('escapes quotes for each shell', () => {
    const [linux, , win] = installCommands("a'b");
    expect(linux!.command).toContain(`'a'\\''b'`);
    expect(win!.command).toContain(`'a''b'`);
  });
});
