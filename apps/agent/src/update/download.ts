/**
 * Plain HTTP(S) GET for self-update, on node:http/https (fetch() is off in the lean runtime:
 * --no-expose-wasm). Bounded: a body larger than `maxBytes` is cut off and refused.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

export interface GetOptions {
  maxBytes: number;
  timeoutMs?: number;
  /** For an https console with a certificate pin: the pinned connection (transport/pinned-tls.ts). */
  createConnection?: RequestOptions['createConnection'];
}

function open(url: string, o: GetOptions): Promise<IncomingMessage> {
  const u = new URL(url);
  const req = u.protocol === 'https:' ? httpsRequest : u.protocol === 'http:' ? httpRequest : undefined;
  if (!req) return Promise.reject(new Error(`unsupported address ${url}`));
  return new Promise((resolve, reject) => {
    const r = req(
      u,
      {
        method: 'GET',
        timeout: o.timeoutMs ?? 60_000,
        ...(u.protocol === 'https:' && o.createConnection ? { createConnection: o.createConnection } : {}),
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`${url} answered HTTP ${res.statusCode}`));
          return;
        }
        resolve(res);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`${url} did not answer in time`)));
    r.on('error', reject);
    r.end();
  });
}

/** GET a small document (e.g. manifest.json) into memory. */
export async function getBytes(url: string, o: GetOptions): Promise<Buffer> {
  const res = await open(url, o);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > o.maxBytes) {
      res.destroy();
      throw new Error(`${url} is larger than ${o.maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** GET into a file (mode 0700), hashing on the way; returns size and SHA-256. Deletes the file on failure. */
export async function getToFile(url: string, file: string, o: GetOptions): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const out = createWriteStream(file, { mode: 0o700 });
  try {
    const res = await open(url, o);
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > o.maxBytes) {
        res.destroy();
        throw new Error(`the download is larger than the ${o.maxBytes} bytes the manifest gives`);
      }
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return { size, sha256: hash.digest('hex') };
  } catch (err) {
    out.destroy();
    await rm(file, { force: true });
    throw err;
  }
}
