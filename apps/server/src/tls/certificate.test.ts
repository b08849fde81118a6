import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig, servesHttps } from '../config.js';
import { checkTransportConfig } from '../main.js';
import {
  createNextCertificate,
  generateSelfSigned,
  isLoopbackHost,
  loadTlsIdentity,
  promoteNextCertificate,
  readNextCertificate,
  readPinsFile,
  spkiPin,
  writePinsFile,
} from './certificate.js';

describe('console certificate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'safefleet-tls-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a self-signed ECDSA certificate on first start, keeps it, and pins its public key', async () => {
    const first = await loadTlsIdentity({ dataDir: dir, names: ['console.example.org', '192.0.2.10'] });
    expect(first.source).toBe('generated');
    const cert = new X509Certificate(first.cert);
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(cert.subjectAltName).toContain('DNS:console.example.org');
    expect(cert.subjectAltName).toContain('IP Address:192.0.2.10');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(first.key))).toBe(true);
    expect(first.pin).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(statSync(join(dir, 'tls')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'tls', 'console-key.pem')).mode & 0o777).toBe(0o600);
    const again = await loadTlsIdentity({ dataDir: dir });
    expect(again.source).toBe('kept');
    expect(again.pin).toBe(first.pin);
  });

  it('uses a provided certificate and key; both are needed', async () => {
    const { cert, key } = await generateSelfSigned([]);
    writeFileSync(join(dir, 'c.pem'), cert);
    writeFileSync(join(dir, 'k.pem'), key);
    const id = await loadTlsIdentity({ dataDir: dir, certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem') });
    expect(id).toMatchObject({ source: 'provided', pin: spkiPin(cert) });
    await expect(loadTlsIdentity({ dataDir: dir, certFile: join(dir, 'c.pem') })).rejects.toThrow('--tls-cert and --tls-key go together');
  });

  it('a pin is the SHA-256 of the SPKI, the same from the certificate or its public key', async () => {
    const { cert } = await generateSelfSigned([]);
    const pub = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(spkiPin(pub)).toBe(spkiPin(cert));
    const other = await generateSelfSigned([]);
    expect(spkiPin(other.cert)).not.toBe(spkiPin(cert));
  });

  it('rotation: the next certificate is announced first and becomes current on request', async () => {
    const current = await loadTlsIdentity({ dataDir: dir });
    expect(readNextCertificate(dir)).toBeUndefined();
    expect(() => promoteNextCertificate(dir)).toThrow(/no next certificate/);
    const next = await createNextCertificate(dir);
    expect(next.pin).not.toBe(current.pin);
    expect(readNextCertificate(dir)?.pin).toBe(next.pin);
    expect(statSync(join(dir, 'tls', 'next-key.pem')).mode & 0o777).toBe(0o600);
    expect(promoteNextCertificate(dir).pin).toBe(next.pin);
    expect((await loadTlsIdentity({ dataDir: dir })).pin).toBe(next.pin);
    expect(readNextCertificate(dir)).toBeUndefined();
  });

  it('the pins file tells `token create` what the running console serves', () => {
    writePinsFile(dir, { pin: 'a'.repeat(43) + '=' });
    expect(readPinsFile(dir)).toEqual({ pin: 'a'.repeat(43) + '=' });
    expect(JSON.parse(readFileSync(join(dir, 'tls', 'pins.json'), 'utf8'))).toEqual({ pin: 'a'.repeat(43) + '=' });
    writePinsFile(dir, undefined);
    expect(readPinsFile(dir)).toBeUndefined();
  });
});

describe('transport rules', () => {
  it('plain HTTP only on loopback', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.20', 'console.example.org']) expect(isLoopbackHost(h)).toBe(false);
    expect(servesHttps(resolveConfig({ host: '127.0.0.1' }))).toBe(false);
    expect(servesHttps(resolveConfig({ host: '127.0.0.1', https: true }))).toBe(true);
    expect(servesHttps(resolveConfig({ host: '0.0.0.0', publicUrl: 'https://c.example' }))).toBe(true);
  });

  it('--public-url is required off loopback and must be https when the console serves HTTPS', () => {
    expect(() => checkTransportConfig(resolveConfig({ host: '0.0.0.0' }))).toThrow('--public-url is required when the console listens on 0.0.0.0');
    expect(() => checkTransportConfig(resolveConfig({ host: '0.0.0.0', publicUrl: 'http://c.example' }))).toThrow('must start with https://');
    expect(() => checkTransportConfig(resolveConfig({ host: '0.0.0.0', publicUrl: 'https://c.example' }))).not.toThrow();
    // Behind a TLS-terminating proxy on the same host: loopback HTTP, public https URL.
    expect(() => checkTransportConfig(resolveConfig({ host: '127.0.0.1', publicUrl: 'https://c.example', trustProxy: '127.0.0.1' }))).not.toThrow();
  });
});
