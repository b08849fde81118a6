import { CONTROL_IDS } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { CAUK_CONTROLS, resolutionFor } from './cauk.js';
import { DEFAULT_POLICY } from '../evaluate.js';

describe('CAUK pack', () => {
  it('defines every control once, in CONTROL_IDS order', () => {
    expect(CAUK_CONTROLS.map((c) => c.id)).toEqual([...CONTROL_IDS]);
  });

  it('has words for people in every field', () => {
    for (const c of CAUK_CONTROLS) {
      for (const text of [c.title, c.clause, c.description, c.resolution, ...Object.values(c.resolutionByPlatform)]) {
        expect(text.trim().length, c.id).toBeGreaterThan(3);
        expect(text.length).toBeLessThanOrEqual(4_000);
      }
    }
  });

  it('names only settings that exist in PolicySettings', () => {
    for (const c of CAUK_CONTROLS) {
      for (const path of c.settings) {
        const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], DEFAULT_POLICY);
        expect(value, `${c.id}: ${path}`).toBeDefined();
      }
    }
  });

  it('picks the platform steps when known and the general ones otherwise', () => {
    expect(resolutionFor('os-updates', 'win32')).toContain('Windows Update');
    expect(resolutionFor('os-updates', 'darwin')).toContain('Software Update');
    expect(resolutionFor('os-updates')).toContain('Windows Update');
    expect(resolutionFor('agent-checkin', 'linux')).toContain('Safefleet agent');
  });
});
