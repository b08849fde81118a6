import { describe, expect, it } from 'vitest';
import { messageFor } from './client';
import { backoffMs } from './live';

describe('messageFor', () => {
  it('uses the server’s own words, with the first validation issue on 400', () => {
    expect(messageFor(409, { error: 'A user with that email exists' })).toBe('A user with that email exists');
    expect(messageFor(400, { error: 'The request body is not valid', issues: [{ path: ['riskAssessment'], message: 'Too short' }] })).toBe(
      'The request body is not valid (riskAssessment: Too short)',
    );
  });
  it('has plain words when the server gives none', () => {
    expect(messageFor(401, undefined)).toMatch(/sign in again/);
    expect(messageFor(403, { error: 'Your role does not allow this' })).toMatch(/role does not allow/);
    expect(messageFor(404, undefined)).toMatch(/Not found/);
    expect(messageFor(502, '<html>')).toMatch(/went wrong on the console \(error 502\)/);
  });
});

describe('backoffMs', () => {
  it('doubles from 1 s to a 30 s cap, with ±20 % jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffMs(0, () => 0)).toBe(800);
    expect(backoffMs(0, () => 1)).toBe(1200);
  });
});
