import { describeFailure } from '../../exec/index.js';
import type { CollectContext, GroupInput } from '../types.js';
import { fileVaultVolume } from './darwin.parse.js';

export const FDESETUP_ARGS = ['status'];

/** FileVault protects the whole startup (data) volume: one volume, mount "/". */
export async function collectEncryptionDarwin(ctx: CollectContext): Promise<GroupInput<'encryption'>> {
  const r = await ctx.host.run('fdesetup', FDESETUP_ARGS, { timeoutMs: 15_000 });
  const failure = describeFailure('fdesetup status', r);
  if (failure && !/FileVault is (On|Off)/i.test(r.stdout)) {
    return { status: 'error', error: `FileVault status could not be read: ${failure}` };
  }
  return { status: 'ok', volumes: [fileVaultVolume(`${r.stdout}\n${r.stderr}`)] };
}
