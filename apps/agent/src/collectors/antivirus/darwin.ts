import type { AntivirusProduct } from '@safefleet/protocol';
import type { Host } from '../../exec/index.js';
import { readPlistFile } from '../../exec/plist.js';
import type { CollectContext, GroupInput } from '../types.js';
import {
  esAntivirusProducts,
  newestSignatureReceipt,
  parsePkgInfo,
  parseSystemExtensions,
  parseXprotectVersionCommand,
  xprotectPackageIds,
  xprotectProduct,
  xprotectReceiptsFromInstallHistory,
  xprotectVersionFromPlist,
  type Receipt,
} from './darwin.parse.js';
import { collectDefender } from './linux.js';

/** macOS 15 keeps the active XProtect here; the CoreServices copy is the older place and a fallback. */
export const XPROTECT_SEQUOIA_PLIST = '/var/protected/xprotect/XProtect.bundle/Contents/version.plist';
export const XPROTECT_CORESERVICES_PLIST = '/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/version.plist';
export const XPROTECT_VERSION_ARGS = ['version'];
export const PKGUTIL_PKGS_ARGS = ['--pkgs'];
export const pkgInfoArgs = (id: string) => ['--pkg-info', id];
export const INSTALL_HISTORY_ARGS = ['SPInstallHistoryDataType', '-json'];
export const SYSEXT_ARGS = ['list'];

/**
 * XProtect (always), Microsoft Defender (when mdatp is installed) and recognised third-party
 * endpoint-security extensions. Nothing here is per user.
 */
export async function collectAntivirusDarwin(ctx: CollectContext): Promise<GroupInput<'antivirus'>> {
  const { host } = ctx;
  const [xprotect, defender, thirdParty] = await Promise.all([collectXprotect(host), collectDefender(host), collectExtensions(host)]);
  const products: AntivirusProduct[] = [xprotect];
  if (defender) products.push(defender);
  products.push(...thirdParty);
  return { status: 'ok', products };
}

async function collectXprotect(host: Host): Promise<AntivirusProduct> {
  const [active, receipt] = await Promise.all([activeVersion(host), signatureReceipt(host)]);
  return xprotectProduct({ version: active?.version ?? null, versionSource: active?.source ?? null, receipt });
}

async function activeVersion(host: Host): Promise<{ version: string; source: string } | null> {
  const sequoia = xprotectVersionFromPlist(await readPlistFile(host, XPROTECT_SEQUOIA_PLIST));
  if (sequoia) return { version: sequoia, source: XPROTECT_SEQUOIA_PLIST };
  if (await host.which('xprotect')) {
    const r = await host.run('xprotect', XPROTECT_VERSION_ARGS, { timeoutMs: 15_000 });
    const v = r.exitCode === 0 ? parseXprotectVersionCommand(`${r.stdout}\n${r.stderr}`) : null;
    if (v) return { version: v, source: 'xprotect version' };
  }
  const older = xprotectVersionFromPlist(await readPlistFile(host, XPROTECT_CORESERVICES_PLIST));
  return older ? { version: older, source: XPROTECT_CORESERVICES_PLIST } : null;
}

/** The install receipt that dates the definitions: pkgutil first, then System Information's history. */
async function signatureReceipt(host: Host): Promise<Receipt | null> {
  const list = await host.run('pkgutil', PKGUTIL_PKGS_ARGS, { timeoutMs: 30_000 });
  const ids = list.exitCode === 0 ? xprotectPackageIds(list.stdout) : [];
  const infos = await Promise.all(ids.map((id) => host.run('pkgutil', pkgInfoArgs(id), { timeoutMs: 15_000 })));
  const receipts = infos.flatMap((r) => {
    const p = r.exitCode === 0 ? parsePkgInfo(r.stdout) : null;
    return p ? [p] : [];
  });
  const newest = newestSignatureReceipt(receipts);
  if (newest) return newest;
  // system_profiler can take tens of seconds, so it is only asked when pkgutil had nothing.
  const history = await host.run('system_profiler', INSTALL_HISTORY_ARGS, { timeoutMs: 90_000 });
  return history.exitCode === 0 ? newestSignatureReceipt(xprotectReceiptsFromInstallHistory(history.stdout)) : null;
}

async function collectExtensions(host: Host): Promise<AntivirusProduct[]> {
  const r = await host.run('systemextensionsctl', SYSEXT_ARGS, { timeoutMs: 15_000 });
  return r.exitCode === 0 ? esAntivirusProducts(parseSystemExtensions(r.stdout)) : [];
}
