import { describe, expect, it } from 'vitest';
import type { FleetTrendPoint } from '@safefleet/protocol';
import { compliancePercent, trendGeometry } from './trend';

const box = { width: 110, height: 120, left: 10, right: 0, top: 10, bottom: 10 }; // plot 100 × 100

function point(day: string, compliant: number, total = 4): FleetTrendPoint {
  return { day, total, compliant, grace: 0, noncompliant: total - compliant, notEvaluated: 0, stale: 0 };
}

describe('compliancePercent', () => {
  it('rounds to whole percent and gives null for an empty fleet', () => {
    expect(compliancePercent(1, 3)).toBe(33);
    expect(compliancePercent(2, 3)).toBe(67);
    expect(compliancePercent(0, 0)).toBeNull();
  });
});

describe('trendGeometry', () => {
  it('maps day to x across the range and percent to y (100 % at the top)', () => {
    // 11 days ending 2026-11-11: day 0 = 11-01 at x=10, day 10 = 11-11 at x=110.
    const g = trendGeometry([point('2026-11-01', 0), point('2026-11-06', 2), point('2026-11-11', 4)], 11, '2026-11-11', box);
    expect(g.dots).toEqual([
      { x: 10, y: 110, day: '2026-11-01', percent: 0 },
      { x: 60, y: 60, day: '2026-11-06', percent: 50 },
      { x: 110, y: 10, day: '2026-11-11', percent: 100 },
    ]);
    // Not on consecutive days: each point starts its own run.
    expect(g.line).toBe('M10,110 M60,60 M110,10');
    expect(g.area).toBe('');
    expect(g.yTicks.map((t) => t.y)).toEqual([110, 85, 60, 35, 10]);
    expect(g.xTicks).toEqual([{ x: 10, label: 'Nov' }]);
  });

  it('draws consecutive days as one line and breaks it at a missing day', () => {
    const pts = [point('2026-11-08', 1), point('2026-11-09', 2), point('2026-11-11', 4)];
    const g = trendGeometry(pts, 11, '2026-11-11', box);
    expect(g.line).toBe('M80,85 L90,60 M110,10');
    expect(g.area).toBe('M80,110 L80,85 L90,60 L90,110 Z');
  });

  it('ignores points outside the range or with no devices, and sorts by day', () => {
    const g = trendGeometry(
      [point('2026-11-11', 4), point('2026-10-01', 4), point('2026-11-10', 0, 0), point('2026-11-12', 4)],
      11,
      '2026-11-11',
      box,
    );
    expect(g.dots.map((d) => d.day)).toEqual(['2026-11-11']);
  });

  it('puts a one-day range in the middle', () => {
    expect(trendGeometry([point('2026-11-11', 2)], 1, '2026-11-11', box).dots[0]).toMatchObject({ x: 60, y: 60 });
  });
});
