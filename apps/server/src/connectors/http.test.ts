import { describe, expect, it } from 'vitest';
import { BearerSession, collectPages, ConnectorAuthError, ConnectorError } from './http.js';

describe('connector paging and bearer sessions (shared by Google Workspace and Microsoft Graph)', () => {
  it('collectPages follows the next marker to the end, and stops a provider that never ends', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = {
      first: { items: [1, 2], next: 'b' },
      b: { items: [3], next: 'c' },
      c: { items: [] },
    };
    const seen: Array<string | undefined> = [];
    const all = await collectPages('Test API', async (next) => {
      seen.push(next);
      return pages[next ?? 'first']!;
    });
    expect(all).toEqual([1, 2, 3]);
    expect(seen).toEqual([undefined, 'b', 'c']);
    await expect(collectPages('Test API', async () => ({ items: [1], next: 'again' }), 5)).rejects.toThrow(
      new ConnectorError('Test API kept returning pages after 5; stopped'),
    );
  });

  it('BearerSession renews an expired token once, then reports the refusal in the provider’s words', async () => {
    const calls: string[] = [];
    let tokens = 0;
    let answers = [401, 200, 401, 401];
    const session = new BearerSession({
      http: {
        sleep: async () => {},
        fetch: async (_url, init) => {
          calls.push(new Headers(init?.headers).get('authorization') ?? 'none');
          return new Response('{}', { status: answers.shift() ?? 500 });
        },
      },
      what: 'Test API',
      fetchToken: async () => `tok-${++tokens}`,
      refused: async (res) => new ConnectorAuthError(`refused (${res.status})`),
      failed: async (res) => new ConnectorError(`failed (${res.status})`),
    });
    expect((await session.get('https://127.0.0.1/x')).status).toBe(200);
    expect(calls).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    await expect(session.get('https://127.0.0.1/y')).rejects.toThrow(new ConnectorAuthError('refused (401)'));
    expect(calls.slice(2)).toEqual(['Bearer tok-2', 'Bearer tok-3']);
    answers = [404];
    await expect(session.get('https://127.0.0.1/z')).rejects.toThrow(new ConnectorError('failed (404)'));
  });
});
