/**
 * windows-11-entra: the windows-11-defender laptop, joined to Microsoft Entra ID: its keeper Jo
 * Bloggs signs in with the work account jo.bloggs@youngcarers.org.uk (dsregcmd /status), so the
 * password lives in Microsoft 365 and the console takes its date from Microsoft Graph.
 */
import { readFileSync } from 'node:fs';
import { DSREGCMD_ARGS } from '../../src/collectors/accounts/win32.js';
import { commandLine } from '../../src/exec/host.js';
import type { BundleRecipe } from './make-bundle.js';
import { windows11Defender } from './windows-11-defender.js';

const dsregcmd = readFileSync(new URL('../../src/collectors/accounts/fixtures/win32/dsregcmd-entra-joined.txt', import.meta.url), 'utf8').replace(
  /\n/g,
  '\r\n',
);
const ENTRA_SID = 'S-1-12-1-1882948133-1098145637-2395148693-3618215426';
const jo = { Sid: ENTRA_SID, Path: 'C:\\Users\\JoBloggs', Account: 'AzureAD\\JoBloggs', Loaded: true };

/** The same machine's command outputs, with Jo's Entra profile added and dsregcmd saying so. */
function entraCommands(): NonNullable<typeof windows11Defender.spec.commands> {
  const out: NonNullable<typeof windows11Defender.spec.commands> = {};
  for (const [line, result] of Object.entries(windows11Defender.spec.commands ?? {})) {
    if (typeof result === 'function') throw new Error('windows-11-defender has no computed outputs');
    let stdout = result.stdout ?? '';
    // The accounts and apps documents list profiles: add Jo's.
    if (stdout.includes('"profiles":[')) stdout = stdout.replace('"profiles":[', `"profiles":[${JSON.stringify(jo)},`);
    // On this laptop priya's account is a plain local one (her Microsoft account is on the other bundle).
    stdout = stdout.replace('"PrincipalSource":"MicrosoftAccount"', '"PrincipalSource":"Local"');
    out[line] = { ...result, stdout: stdout.replace(/KC-LAPTOP-12/g, 'YW-LAPTOP-07') };
  }
  out[commandLine('dsregcmd.exe', DSREGCMD_ARGS)] = { exitCode: 0, stdout: dsregcmd };
  return out;
}

export const windows11Entra: BundleRecipe = {
  ...windows11Defender,
  name: 'windows-11-entra',
  hostname: 'YW-LAPTOP-07',
  note: 'Test bundle built by test-bundles/make/windows-11-entra.ts: windows-11-defender joined to Microsoft Entra ID, keeper signed in with a work account; not a real machine.',
  spec: { ...windows11Defender.spec, commands: entraCommands() },
};
