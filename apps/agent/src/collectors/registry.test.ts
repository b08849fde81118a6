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

  it('Linux has a collector for every group; macOS and Windows have none yet', () => {
    for (const group of FACT_GROUPS) {
      expect(isNotAvailable(REGISTRY[group].linux)).toBe(false);
      expect(REGISTRY[group].darwin).toEqual({ unsupported: 'macOS collector not available in this agent version' });
      expect(REGISTRY[group].win32).toEqual({ unsupported: 'Windows collector not available in this agent version' });
    }
  });
});
