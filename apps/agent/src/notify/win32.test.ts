import { describe, expect, it } from 'vitest';
import { createFakeHost } from '../exec/index.js';
import { encodePowerShell, launcherScript, psQuote, showWin32, toastScript, toastXml, windowsNotifyCommand } from './win32.js';

const args = { title: 'Time to change your password', body: "Kim's password is due on 1 December 2026 & <soon>.", user: 'kim' };
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf16le');

describe('Windows notifier (a toast in the person’s session, via a one-off scheduled task)', () => {
  it('escapes the toast XML and PowerShell quotes', () => {
    expect(toastXml(args)).toBe(
      '<toast><visual><binding template="ToastGeneric"><text>Time to change your password</text>' +
        '<text>Kim&apos;s password is due on 1 December 2026 &amp; &lt;soon&gt;.</text></binding></visual></toast>',
    );
    expect(psQuote("it's")).toBe("'it''s'");
    expect(toastScript(args)).toContain(
      '$xml.LoadXml(\'<toast><visual><binding template="ToastGeneric"><text>Time to change your password</text><text>Kim&apos;s',
    );
    expect(toastScript(args)).toContain(
      "CreateToastNotifier('{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe').Show($toast)",
    );
    expect(toastScript(args)).toContain(
      '[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime]',
    );
  });

  it('generates powershell.exe -EncodedCommand <launcher>; the launcher runs the toast script as the user', () => {
    const cmd = windowsNotifyCommand(args, { SystemRoot: 'C:\\Windows' });
    expect(cmd.file).toBe('C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe');
    expect(cmd.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    const launcher = decode(cmd.args[5]!);
    expect(launcher).toBe(launcherScript(args));
    expect(launcher).toContain("$principal = New-ScheduledTaskPrincipal -UserId 'kim' -LogonType Interactive -RunLevel Limited");
    expect(launcher).toContain('Register-ScheduledTask -TaskName $name -Action $action -Principal $principal');
    expect(launcher).toContain('finally { Unregister-ScheduledTask -TaskName $name -Confirm:$false }');
    const inner = /-EncodedCommand ([A-Za-z0-9+/=]+)'/.exec(launcher)![1]!;
    expect(decode(inner)).toBe(toastScript(args));
    expect(encodePowerShell('a')).toBe('YQA=');
  });

  it('without a user, the task runs for INTERACTIVE (everyone at a screen)', async () => {
    expect(launcherScript({ title: 't', body: 'b' })).toContain("New-ScheduledTaskPrincipal -GroupId 'S-1-5-4' -RunLevel Limited");
    const cmd = windowsNotifyCommand({ title: 't', body: 'b' });
    const host = createFakeHost({ platform: 'win32', programs: [cmd.file], commands: {} });
    const r = await showWin32(host, { title: 't', body: 'b' });
    expect(host.calls[0]!.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(r.problems[0]).toMatch(/^not shown to everyone signed in: PowerShell exited with code 127/);
  });
});
