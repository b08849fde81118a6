import type { FactsInput } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { buildInput, daysBefore } from '../test-support/facts.js';
import { checkAntivirus } from './antivirus.js';

type ProductInput = NonNullable<Extract<FactsInput['antivirus'], object>['products']>[number];

const defender = (over: Partial<ProductInput> = {}): ProductInput => ({
  name: 'Microsoft Defender Antivirus',
  enabled: true,
  realTime: true,
  antispyware: true,
  signaturesUpToDate: true,
  signaturesUpdatedAt: daysBefore(1),
  ...over,
});

const clamav = (over: Partial<ProductInput> = {}): ProductInput => ({
  name: 'ClamAV',
  enabled: true,
  realTime: false,
  antispyware: true,
  signaturesUpToDate: null,
  signaturesUpdatedAt: daysBefore(2),
  source: 'clamav:/var/lib/clamav/daily.cld',
  ...over,
});

const run = (products: ProductInput[], policy = {}) => checkAntivirus(buildInput({ antivirus: { status: 'ok', products } }, { policy }));

describe('antivirus', () => {
  it.each([
    ['no product installed', [], 'fail', ['No antivirus is installed']],
    ['installed but switched off', [defender({ enabled: false })], 'fail', ['Microsoft Defender Antivirus', 'switched off']],
    ['cannot tell if switched on', [defender({ enabled: null })], 'unknown', ['Microsoft Defender Antivirus', 'could not tell']],
    [
      'definitions 7 days old (the limit)',
      [defender({ signaturesUpdatedAt: daysBefore(7) })],
      'pass',
      [`last updated on ${daysBefore(7).slice(0, 10)}`],
    ],
    [
      'definitions 8 days old',
      [defender({ signaturesUpdatedAt: daysBefore(8) })],
      'fail',
      ['Microsoft Defender Antivirus', '8 days ago', 'the limit is 7 days'],
    ],
    [
      'dated definitions win over the platform flag',
      [defender({ signaturesUpdatedAt: daysBefore(30), signaturesUpToDate: true })],
      'fail',
      ['30 days ago'],
    ],
    ['no date, platform says up to date', [defender({ signaturesUpdatedAt: null, signaturesUpToDate: true })], 'pass', ['up to date']],
    [
      'no date, platform says out of date',
      [defender({ signaturesUpdatedAt: null, signaturesUpToDate: false })],
      'fail',
      ['Microsoft Defender Antivirus', 'out of date'],
    ],
    [
      'no date and no flag',
      [defender({ signaturesUpdatedAt: null, signaturesUpToDate: null })],
      'unknown',
      ['Microsoft Defender Antivirus', 'could not tell when'],
    ],
    ['ClamAV on demand, fresh', [clamav()], 'pass', ['ClamAV', daysBefore(2).slice(0, 10), 'Real-time scanning is off']],
    ['ClamAV on demand, stale', [clamav({ signaturesUpdatedAt: daysBefore(40) })], 'fail', ['ClamAV', '40 days ago', 'Real-time scanning is off']],
    ['one stale product and one fresh', [clamav({ signaturesUpdatedAt: daysBefore(40) }), defender()], 'pass', ['Microsoft Defender Antivirus']],
    [
      'switched-off fresh product does not count',
      [defender({ enabled: false }), clamav({ signaturesUpdatedAt: daysBefore(9) })],
      'fail',
      ['ClamAV', '9 days ago'],
    ],
  ] as const)('%s → %s', (_label, products, status, words) => {
    const f = run([...products]);
    expect(f.control).toBe('antivirus');
    expect(f.status).toBe(status);
    for (const w of words) expect(f.reason).toContain(w);
    expect(f.resolution).toContain('Windows Security');
  });

  it('reads the limit from policy.antivirus.maxDefinitionAgeDays', () => {
    const products = [defender({ signaturesUpdatedAt: daysBefore(4) })];
    expect(run(products, { antivirus: { maxDefinitionAgeDays: 3 } }).status).toBe('fail');
    expect(run(products, { antivirus: { maxDefinitionAgeDays: 4 } }).status).toBe('pass');
  });

  it('is unknown, quoting the collector, when the antivirus facts could not be read', () => {
    const err = checkAntivirus(buildInput({ antivirus: { status: 'error', error: 'Get-MpComputerStatus failed: 0x800106ba' } }));
    expect(err.status).toBe('unknown');
    expect(err.reason).toContain('0x800106ba');
    const unsupported = checkAntivirus(buildInput({ antivirus: { status: 'unsupported' } }));
    expect(unsupported.status).toBe('unknown');
    expect(unsupported.reason).toContain('cannot check');
  });

  it('lists each product with its definitions age in details', () => {
    const f = run([defender({ signaturesUpdatedAt: daysBefore(8) })]);
    expect(f.details).toMatchObject({
      maxDefinitionAgeDays: 7,
      products: [{ name: 'Microsoft Defender Antivirus', enabled: true, definitionsAgeDays: 8, definitionsFresh: false }],
    });
  });
});
