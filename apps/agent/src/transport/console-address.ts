/**
 * A console address the agent must not follow: plain ws:// (or http) after enrolling over https,
 * or anything but wss:// when the device pins the console's certificate. Undefined when fine.
 */
export function insecureConsoleAddress(e: { url: string; wsUrl: string; pin?: string | undefined }): string | undefined {
  const ws = new URL(e.wsUrl);
  if (ws.protocol === 'wss:') return undefined;
  if (e.url.startsWith('https:') || e.pin) {
    return (
      `the console address ${e.wsUrl} is not encrypted (ws://), but this device enrolled over https` +
      `${e.pin ? ' with a pinned certificate' : ''}; refusing to send reports in clear text. ` +
      'If the console really moved, enrol this device again with a new enrolment string'
    );
  }
  return undefined;
}
