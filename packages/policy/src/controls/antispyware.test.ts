import { describe, expect, it } from 'vitest';
import { buildInput, daysBefore } from '../test-support/facts.js';
import { checkAntispyware } from './antispyware.js';

const product = (name: string, enabled: boolean | null, antispyware: boolean | null) => ({
  name,
  enabled,
  realTime: null,
  antispyware,
  signaturesUpToDate: null,
  // Old definitions do not matter here: freshness is the antivirus control's job.
  signaturesUpdatedAt: daysBefore(60),
});

const run = (products: ReturnType<typeof product>[]) => checkAntispyware(buildInput({ antivirus: { status: 'ok', products } }));

describe('antispyware', () => {
  it.each([
    ['no product', [], 'fail', ['No anti-spyware']],
    [
      'Defender on and covering spyware',
      [product('Microsoft Defender Antivirus', true, true)],
      'pass',
      ['Microsoft Defender Antivirus', 'protects against spyware'],
    ],
    ['ClamAV reports PUA/spyware coverage', [product('ClamAV', true, true)], 'pass', ['ClamAV']],
    [
      'covering product switched off',
      [product('Microsoft Defender Antivirus', false, true)],
      'fail',
      ['Microsoft Defender Antivirus', 'switched off'],
    ],
    ['cannot tell if switched on', [product('Sophos Home', null, true)], 'unknown', ['Sophos Home', 'switched on']],
    ['enabled product without spyware cover', [product('Basic AV', true, false)], 'fail', ['Basic AV', 'does not protect against spyware']],
    ['coverage unknown for every enabled product', [product('Basic AV', true, null)], 'unknown', ['Basic AV', 'could not tell']],
    ['one covers, one does not', [product('Basic AV', true, false), product('Malwarebytes', true, true)], 'pass', ['Malwarebytes']],
    ['only the switched-off one covers', [product('Basic AV', true, false), product('Malwarebytes', false, true)], 'fail', ['Basic AV']],
  ] as const)('%s → %s', (_label, products, status, words) => {
    const f = run([...products]);
    expect(f.control).toBe('antispyware');
    expect(f.status).toBe(status);
    for (const w of words) expect(f.reason).toContain(w);
  });

  it('is unknown with the collector error when antivirus facts are missing', () => {
    const f = checkAntispyware(buildInput({ antivirus: { status: 'error', error: 'SecurityCenter2 is not available on Windows Server' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toContain('SecurityCenter2 is not available');
  });
});
