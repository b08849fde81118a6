import { FACT_GROUPS } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { isNotAvailable, PLATFORMS, REGISTRY } from './registry.js';

describe('REGISTRY', () => {
  it('has exactly one row per fact group', () => {
    expect(Object.keys(REGISTRY).sort()).toEqual([...FACT_GROUPS].sort());
  });

  it.each(FACT_GROUPS)('%s: every platform has a collector or an explicit "unsupported" with words', (group) => {
    for (const platform of PLATFORMS) {
      const entry = REGISTRY[group][platform];
      if (isNotAvailable(entry)) expect(entry.unsupported).toMatch(/^(macOS|Windows|Linux) collector not available/);
      else expect(typeof entry).toBe('function');
    }
  });

  it('Linux, macOS and Windows each have a collector for every group', () => {
    for (const group of FACT_GROUPS) {
      for (const platform of PLATFORMS) expect(isNotAvailable(REGISTRY[group][platform]), `${group} on ${platform}`).toBe(false);
    }
  });
});
