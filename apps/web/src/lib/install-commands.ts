/** Install steps shown with an enrolment string, per operating system. */
export interface InstallCommands {
  platform: 'linux' | 'darwin' | 'win32';
  title: string;
  where: string;
  command: string;
}

/** Single-quote for POSIX shells: the enrolment string is base64url, but quote anyway. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** Single-quote for PowerShell. */
const ps = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Commands a keeper's device runs (as root / Administrator), from a copy of the Safefleet repository
 * built with `npm ci && npm run build` (see README "Enrol another machine"): `install --enroll`
 * enrols the device and installs the agent as a background service that starts with the computer
 * (systemd, launchd, a SYSTEM task on Windows), keeping its state in the system folder.
 */
export function installCommands(enrolmentString: string): InstallCommands[] {
  const e = enrolmentString.trim();
  return [
    {
      platform: 'linux',
      title: 'Linux',
      where: 'In a terminal, in the Safefleet folder:',
      command: `sudo npx safefleet-agent install --enroll ${sh(e)}`,
    },
    {
      platform: 'darwin',
      title: 'macOS',
      where: 'In Terminal, in the Safefleet folder:',
      command: `sudo npx safefleet-agent install --enroll ${sh(e)}`,
    },
    {
      platform: 'win32',
      title: 'Windows',
      where: 'In PowerShell opened with “Run as administrator”, in the Safefleet folder:',
      command: `npx safefleet-agent install --enroll ${ps(e)}`,
    },
  ];
}
