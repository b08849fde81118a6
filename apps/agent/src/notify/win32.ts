import type { NotifyArgs } from '@safefleet/protocol';
import { describeFailure, type Host } from '../exec/index.js';
import { powershellPath, windowsChildEnv } from '../exec/powershell.js';
import type { NotifyOutcome } from './types.js';

/** Windows PowerShell's own app id: toasts from a script show as "Windows PowerShell". */
export const TOAST_APP_ID = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe';
/** The well-known SID of INTERACTIVE: everyone signed in at a screen. */
export const INTERACTIVE_SID = 'S-1-5-4';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A PowerShell single-quoted string literal. */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** -EncodedCommand takes base64 of UTF-16LE. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function toastXml(args: NotifyArgs): string {
  return (
    '<toast><visual><binding template="ToastGeneric">' +
    `<text>${escapeXml(args.title)}</text><text>${escapeXml(args.body)}</text>` +
    '</binding></visual></toast>'
  );
}

/** Runs in the person's session: shows the toast through Windows.UI.Notifications. */
export function toastScript(args: NotifyArgs): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    '[void][Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime]',
    '[void][Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, ContentType = WindowsRuntime]',
    '$xml = New-Object Windows.Data.Xml.Dom.XmlDocument',
    `$xml.LoadXml(${psQuote(toastXml(args))})`,
    '$toast = New-Object Windows.UI.Notifications.ToastNotification $xml',
    `[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier(${psQuote(TOAST_APP_ID)}).Show($toast)`,
  ].join('\n');
}

/**
 * Runs as SYSTEM (the agent): a service cannot show a toast itself, so it registers a one-off
 * scheduled task whose principal is the named user (or INTERACTIVE: everyone at a screen), starts
 * it (the toast script runs in their session), then removes the task.
 */
export function launcherScript(args: NotifyArgs): string {
  const inner = `-NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -EncodedCommand ${encodePowerShell(toastScript(args))}`;
  const principal = args.user
    ? `New-ScheduledTaskPrincipal -UserId ${psQuote(args.user)} -LogonType Interactive -RunLevel Limited`
    : `New-ScheduledTaskPrincipal -GroupId ${psQuote(INTERACTIVE_SID)} -RunLevel Limited`;
  return [
    "$ErrorActionPreference = 'Stop'",
    "$name = 'Safefleet notification ' + [guid]::NewGuid().ToString()",
    `$action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument ${psQuote(inner)}`,
    `$principal = ${principal}`,
    '$settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -ExecutionTimeLimit (New-TimeSpan -Minutes 2)',
    'Register-ScheduledTask -TaskName $name -Action $action -Principal $principal -Settings $settings -Force | Out-Null',
    'try { Start-ScheduledTask -TaskName $name; Start-Sleep -Seconds 10 } finally { Unregister-ScheduledTask -TaskName $name -Confirm:$false }',
  ].join('\n');
}

/** The command the agent runs: `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <launcher>`. */
export function windowsNotifyCommand(args: NotifyArgs, env: Record<string, string | undefined> = process.env): { file: string; args: string[] } {
  return {
    file: powershellPath(env),
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodePowerShell(launcherScript(args))],
  };
}

export async function showWin32(host: Host, args: NotifyArgs): Promise<NotifyOutcome> {
  const cmd = windowsNotifyCommand(args);
  const r = await host.run(cmd.file, cmd.args, { timeoutMs: 60_000, env: windowsChildEnv() });
  const failed = describeFailure('PowerShell', r);
  const who = args.user ?? 'everyone signed in';
  return failed ? { shownTo: [], problems: [`not shown to ${who}: ${failed}`] } : { shownTo: [who], problems: [] };
}
