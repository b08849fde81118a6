import type { AgentReleaseInfo, AgentTarget, ComputerPlatform } from '@safefleet/protocol';

/** Install steps shown with an enrolment string, per operating system. */
export interface InstallCommands {
  platform: ComputerPlatform;
  title: string;
  where: string;
  command: string;
}

/** Single-quote for POSIX shells: the enrolment string is base64url, but quote anyway. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** Single-quote for PowerShell. */
const ps = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The certificate pin inside an enrolment string (SFE1. + base64url JSON), if any. Browser-safe. */
export function enrolmentPin(enrolmentString: string): string | undefined {
  try {
    const b64 = enrolmentString.trim().slice('SFE1.'.length).replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))) as { pin?: unknown };
    return typeof json.pin === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(json.pin) ? json.pin : undefined;
  } catch {
    return undefined;
  }
}

const shaOf = (release: AgentReleaseInfo, target: AgentTarget) => release.files.find((f) => f.target === target)?.sha256;

/** `curl … install.sh | sudo sh -s -- SFE1… --sha256 TARGET=HEX …`: install.sh refuses a program whose SHA-256 is not the one written here. */
function unixLine(e: string, release: AgentReleaseInfo, targets: AgentTarget[], pin: string | undefined): string | undefined {
  const shas = targets.flatMap((t) => (shaOf(release, t) ? [`--sha256 ${t}=${shaOf(release, t)}`] : []));
  if (shas.length === 0) return undefined;
  // With a pin (an https console with its own certificate) curl accepts only that key; -k skips the CA check only.
  const curl = pin ? `curl -fsSL -k --pinnedpubkey ${sh(`sha256//${pin}`)}` : 'curl -fsSL';
  return `${curl} ${sh(`${release.downloadsUrl}/install.sh`)} | sudo sh -s -- ${sh(e)} ${shas.join(' ')}${pin ? ` --pin ${sh(pin)}` : ''}`;
}

/**
 * One line for an administrator PowerShell or Command Prompt: downloads the Windows program, refuses
 * it unless its SHA-256 is the one written here, then runs `install --enroll`, which copies it to
 * %ProgramFiles%\Safefleet and creates the boot task. Written without `$`, backticks or inner double
 * quotes, so it reads the same pasted into PowerShell, cmd.exe or the Run box; -ExecutionPolicy Bypass
 * keeps a restrictive policy from stopping it.
 */
function windowsLine(e: string, release: AgentReleaseInfo, pin: string | undefined): string | undefined {
  const file = release.files.find((f) => f.target === 'win-x64');
  if (!file) return undefined;
  const tmp = `(Join-Path ([IO.Path]::GetTempPath()) 'safefleet-agent-setup.exe')`;
  const steps = [
    "[Net.ServicePointManager]::SecurityProtocol = 'Tls12'",
    // A pinned console has its own certificate: the SHA-256 below is what proves the program.
    ...(pin ? ['[Net.ServicePointManager]::ServerCertificateValidationCallback = { 1 -eq 1 }'] : []),
    `(New-Object Net.WebClient).DownloadFile(${ps(`${release.downloadsUrl}/${file.file}`)}, ${tmp})`,
    `if ((Get-FileHash -Algorithm SHA256 -LiteralPath ${tmp}).Hash -ne ${ps(file.sha256)}) { Remove-Item -LiteralPath ${tmp}; throw 'The download does not have the SHA-256 this line expects: not installing it' }`,
    `& ${tmp} install --enroll ${ps(e)}`,
    `Remove-Item -LiteralPath ${tmp}`,
  ];
  return `powershell -NoProfile -ExecutionPolicy Bypass -Command "${steps.join('; ')}"`;
}

/**
 * The line to paste on each OS. With the console serving single-file programs (npm run dist:agent):
 * download from the console, check the SHA-256 written into the line, install and enrol. Without
 * them: the repository commands (a built copy of Safefleet on the device, README "Enrol another machine").
 */
export function installCommands(enrolmentString: string, release?: AgentReleaseInfo | null): InstallCommands[] {
  const e = enrolmentString.trim();
  const pin = enrolmentPin(e);
  /** macOS and Linux: the line from the console, or the repository command (`terminal` names the app). */
  const unix = (platform: 'linux' | 'darwin', title: string, terminal: string, where: string, targets: AgentTarget[]): InstallCommands => {
    const line = release && unixLine(e, release, targets, pin);
    return line
      ? { platform, title, where: `${terminal}, ${where}:`, command: line }
      : { platform, title, where: `${terminal}, in the Safefleet folder:`, command: `sudo npx safefleet-agent install --enroll ${sh(e)}` };
  };
  const win = release && windowsLine(e, release, pin);
  return [
    unix('linux', 'Linux', 'In a terminal', 'as a user who may use sudo', ['linux-x64', 'linux-arm64']),
    unix('darwin', 'macOS', 'In Terminal', 'as an administrator (Apple silicon runs it under Rosetta 2)', ['darwin-x64']),
    win
      ? { platform: 'win32', title: 'Windows', where: 'In PowerShell or Command Prompt opened with “Run as administrator”:', command: win }
      : {
          platform: 'win32',
          title: 'Windows',
          where: 'In PowerShell opened with “Run as administrator”, in the Safefleet folder:',
          command: `npx safefleet-agent install --enroll ${ps(e)}`,
        },
  ];
}
