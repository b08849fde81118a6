import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/harness.js';

describe('health', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await createTestServer();
  });
  afterEach(() => t.close());

  it('GET /healthz answers ok without a session', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});
