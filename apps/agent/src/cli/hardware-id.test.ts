import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HARDWARE_ID_KEY, hardwareIdOf } from './enroll.js';

describe('hardwareIdOf', () => {
  it('sends a keyed hash, never the raw machine id, and the same machine always gives the same value', () => {
    const raw = '4c4c4544004b3510804fb4c04f4e3732';
    const id = hardwareIdOf(raw);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toContain(raw);
    expect(hardwareIdOf(raw)).toBe(id);
    expect(hardwareIdOf('another-machine')).not.toBe(id);
    expect(id).toBe(createHmac('sha256', HARDWARE_ID_KEY).update(raw).digest('hex'));
  });
});
