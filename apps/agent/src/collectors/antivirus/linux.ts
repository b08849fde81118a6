import type { AntivirusProduct } from '@safefleet/protocol';
import { describeFailure, type Host } from '../../exec/index.js';
import type { CollectContext, GroupInput } from '../types.js';
import {
  clamavProduct,
  parseClamavHeader,
  parseDpkgInstalled,
  parseIsActive,
  parseMdatpHealth,
  type ClamavHeader,
  type ServiceState,
} from './linux.parse.js';

export const CLAMAV_PROGRAMS = ['clamscan', 'clamd', 'freshclam', 'clamdscan', 'clamonacc'] as const;
export const CLAMAV_PACKAGES = ['clamav', 'clamav-daemon', 'clamav-freshclam'] as const;
/** Debian/Ubuntu units, plus Fedora's clamd@scan (Fedora's updater is also clamav-freshclam). */
export const CLAMAV_UNITS = ['clamav-daemon', 'clamav-freshclam', 'clamav-clamonacc', 'clamd@scan'] as const;
export const CLAMAV_DB_FILES = ['/var/lib/clamav/daily.cld', '/var/lib/clamav/daily.cvd'] as const;
export const DPKG_CLAMAV_ARGS = ['-W', '-f=${db:Status-Abbrev}\t${Package}\n', ...CLAMAV_PACKAGES];
export const MDATP_ARGS = ['health', '--output', 'json'];

/** Pid files used when systemd is not there to ask (Debian, then Fedora). */
const PID_FILES = {
  clamd: ['/run/clamav/clamd.pid', '/run/clamd.scan/clamd.pid'],
  freshclam: ['/run/clamav/freshclam.pid', '/run/freshclam.pid'],
} as const;

/**
 * No antivirus at all is a real finding: status ok with products [].
 */
export async function collectAntivirusLinux(ctx: CollectContext): Promise<GroupInput<'antivirus'>> {
  const [clam, defender] = await Promise.all([collectClamav(ctx.host), collectDefender(ctx.host)]);
  const products: AntivirusProduct[] = [];
  if (clam) products.push(clam);
  if (defender) products.push(defender);
  return { status: 'ok', products };
}

async function collectClamav(host: Host): Promise<AntivirusProduct | null> {
  const found = await Promise.all(CLAMAV_PROGRAMS.map(async (p) => ((await host.which(p)) ? p : null)));
  const installedBy: string[] = found.filter((p) => p !== null);
  if (installedBy.length === 0 && (await host.which('dpkg-query'))) {
    const r = await host.run('dpkg-query', DPKG_CLAMAV_ARGS);
    // dpkg-query exits 1 when some names are unknown; the installed ones are still listed.
    for (const name of parseDpkgInstalled(r.stdout)) installedBy.push(`dpkg:${name}`);
  }
  if (installedBy.length === 0) return null;

  const [services, definitions] = await Promise.all([serviceStates(host), readDefinitions(host)]);
  return clamavProduct({ installedBy, ...services, ...definitions });
}

async function serviceStates(host: Host): Promise<{ clamd: ServiceState; freshclam: ServiceState; clamonacc: ServiceState }> {
  if (await host.which('systemctl')) {
    const r = await host.run('systemctl', ['is-active', ...CLAMAV_UNITS], { timeoutMs: 10_000 });
    const s = parseIsActive(r.stdout, CLAMAV_UNITS);
    const daemon = s['clamav-daemon'] ?? null;
    if (daemon !== null) {
      const fedoraDaemon = s['clamd@scan'] ?? null;
      return {
        clamd: fedoraDaemon === 'active' ? fedoraDaemon : daemon,
        freshclam: s['clamav-freshclam'] ?? null,
        clamonacc: s['clamav-clamonacc'] ?? null,
      };
    }
  }
  // No systemd (or it would not answer): a live process named in a pid file still counts as running.
  return {
    clamd: await pidFileState(host, PID_FILES.clamd, 'clamd'),
    freshclam: await pidFileState(host, PID_FILES.freshclam, 'freshclam'),
    clamonacc: null,
  };
}

/** 'active' when a pid file names a live process with the expected name; null when we cannot tell. */
async function pidFileState(host: Host, files: readonly string[], comm: string): Promise<ServiceState> {
  for (const file of files) {
    const pid = (await host.readFile(file, { maxBytes: 64 }))?.trim();
    if (!pid || !/^\d+$/.test(pid)) continue;
    const name = (await host.readFile(`/proc/${pid}/comm`, { maxBytes: 64 }))?.trim();
    if (name === comm) return 'active';
  }
  return null;
}

async function readDefinitions(
  host: Host,
): Promise<{ definitionsPath: string | null; header: ClamavHeader | null; definitionsProblem: string | null }> {
  let best: { path: string; header: ClamavHeader } | null = null;
  const problems: string[] = [];
  for (const path of CLAMAV_DB_FILES) {
    if (!(await host.exists(path))) continue;
    const bytes = await host.readFileBytes(path, 512);
    const header = bytes ? parseClamavHeader(bytes) : null;
    if (!header) {
      problems.push(`ClamAV definitions file could not be read: ${path} ${bytes ? 'has no ClamAV-VDB header' : 'is not readable'}`);
      continue;
    }
    const newer = (header.updatedAt?.getTime() ?? 0) > (best?.header.updatedAt?.getTime() ?? -1);
    if (!best || newer) best = { path, header };
  }
  if (!best && problems.length === 0) problems.push('ClamAV is installed but no daily definitions file was found in /var/lib/clamav');
  return { definitionsPath: best?.path ?? null, header: best?.header ?? null, definitionsProblem: best ? null : problems.join('; ') };
}

/** Microsoft Defender for Endpoint via `mdatp health` (same tool and output on Linux and macOS). */
export async function collectDefender(host: Host): Promise<AntivirusProduct | null> {
  if (!(await host.which('mdatp'))) return null;
  const r = await host.run('mdatp', MDATP_ARGS, { timeoutMs: 20_000 });
  const parsed = parseMdatpHealth(r.stdout);
  if (!('error' in parsed)) return parsed;
  // Installed but not answering (daemon stopped, not onboarded): say so, do not guess its state.
  return {
    name: 'Microsoft Defender for Endpoint',
    enabled: null,
    realTime: null,
    antispyware: null,
    signaturesUpToDate: null,
    signaturesUpdatedAt: null,
    source: 'mdatp health',
    raw: { error: (describeFailure('mdatp health', r) ?? parsed.error).slice(0, 1000) },
  };
}
