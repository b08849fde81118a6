import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/**
 * The console's TLS identity. `pin` is what enrolment strings carry and agents compare against:
 * base64 SHA-256 of the certificate's SubjectPublicKeyInfo (DER), as in curl's --pinnedpubkey.
 */
export interface TlsIdentity {
  cert: string;
  key: string;
  pin: string;
  /** Where the certificate came from (for the start-up log line). */
  source: 'provided' | 'generated' | 'kept';
  notAfter: string;
  certFile: string;
}

/** The certificate that will replace the current one, announced to agents in advance. */
export interface NextCertificate {
  pin: string;
  certFile: string;
}

export const TLS_FOLDER = 'tls';
const FILES = {
  cert: 'console-cert.pem',
  key: 'console-key.pem',
  nextCert: 'next-cert.pem',
  nextKey: 'next-key.pem',
  pins: 'pins.json',
} as const;

/** Self-signed certificates are pinned, so a long life is safe; rotation is announced, not forced. */
const GENERATED_DAYS = 5 * 365;

export function tlsFolder(dataDir: string): string {
  return join(dataDir, TLS_FOLDER);
}

/** base64 SHA-256 of the SPKI DER of a PEM certificate (or of a PEM public key). */
export function spkiPin(pem: string): string {
  const key = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

function writeSecret(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Names a self-signed certificate is issued for: this host, localhost and the loopback addresses. */
function altNames(extra: string[]): { type: 2 | 7; value?: string; ip?: string }[] {
  const names = new Set(['localhost', hostname(), '127.0.0.1', '::1', ...extra.filter((n) => n && n !== '0.0.0.0' && n !== '::')]);
  return [...names].map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
}

/** A new self-signed ECDSA P-256 certificate (SHA-256 signature). */
export async function generateSelfSigned(names: string[], now = new Date()): Promise<{ cert: string; key: string }> {
  const notAfter = new Date(now.getTime() + GENERATED_DAYS * 86_400_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: `Safefleet console ${hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: altNames(names) },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

export interface LoadTlsOptions {
  dataDir: string;
  /** --tls-cert / --tls-key: PEM files the operator provides (e.g. from their own CA or ACME client). */
  certFile?: string;
  keyFile?: string;
  /** Host names or addresses to put in a generated certificate besides this host and loopback. */
  names?: string[];
}

function describe(cert: string): string {
  return new X509Certificate(cert).validTo;
}

/**
 * The provided certificate and key, or the one kept in <data>/tls, generating it on first start.
 * The key file is written 0600 in a 0700 folder.
 */
export async function loadTlsIdentity(opts: LoadTlsOptions): Promise<TlsIdentity> {
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) throw new Error('--tls-cert and --tls-key go together: give both files');
    const cert = readFileSync(opts.certFile, 'utf8');
    const key = readFileSync(opts.keyFile, 'utf8');
    return { cert, key, pin: spkiPin(cert), source: 'provided', notAfter: describe(cert), certFile: opts.certFile };
  }
  const dir = tlsFolder(opts.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const certFile = join(dir, FILES.cert);
  const keyFile = join(dir, FILES.key);
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    return { cert, key: readFileSync(keyFile, 'utf8'), pin: spkiPin(cert), source: 'kept', notAfter: describe(cert), certFile };
  }
  const { cert, key } = await generateSelfSigned(opts.names ?? []);
  writeSecret(keyFile, key);
  writeFileSync(certFile, cert, { mode: 0o644 });
  return { cert, key, pin: spkiPin(cert), source: 'generated', notAfter: describe(cert), certFile };
}

/**
 * The announced next certificate: <data>/tls/next-cert.pem (made by `safefleet-server tls rotate`),
 * or the file given with --tls-next-cert for a provided certificate. Undefined when none.
 */
export function readNextCertificate(dataDir: string, nextCertFile?: string): NextCertificate | undefined {
  const file = nextCertFile ?? join(tlsFolder(dataDir), FILES.nextCert);
  if (!existsSync(file)) return undefined;
  return { pin: spkiPin(readFileSync(file, 'utf8')), certFile: file };
}

/**
 * `tls rotate`, step one: makes the next self-signed certificate. The running console announces its
 * pin to every agent; step two (`tls rotate --now`) makes it the current one at the next start.
 */
export async function createNextCertificate(dataDir: string, names: string[] = []): Promise<NextCertificate> {
  const dir = tlsFolder(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { cert, key } = await generateSelfSigned(names);
  writeSecret(join(dir, FILES.nextKey), key);
  writeFileSync(join(dir, FILES.nextCert), cert, { mode: 0o644 });
  return { pin: spkiPin(cert), certFile: join(dir, FILES.nextCert) };
}

/** `tls rotate --now`: the next certificate becomes the current one (the console uses it from its next start). */
export function promoteNextCertificate(dataDir: string): { pin: string } {
  const dir = tlsFolder(dataDir);
  const nextCert = join(dir, FILES.nextCert);
  const nextKey = join(dir, FILES.nextKey);
  if (!existsSync(nextCert) || !existsSync(nextKey)) {
    throw new Error('there is no next certificate: run "safefleet-server tls rotate" first and let agents connect');
  }
  const cert = readFileSync(nextCert, 'utf8');
  renameSync(nextKey, join(dir, FILES.key));
  renameSync(nextCert, join(dir, FILES.cert));
  return { pin: spkiPin(cert) };
}

/** The pins the running console serves and announces, for `token create` in another process. */
export interface PinsFile {
  pin: string;
  nextPin?: string;
}

export function writePinsFile(dataDir: string, pins: PinsFile | undefined): void {
  const file = join(tlsFolder(dataDir), FILES.pins);
  if (!pins) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(tlsFolder(dataDir), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(pins) + '\n', { mode: 0o600 });
}

export function readPinsFile(dataDir: string): PinsFile | undefined {
  try {
    const data = JSON.parse(readFileSync(join(tlsFolder(dataDir), FILES.pins), 'utf8')) as Partial<PinsFile>;
    return typeof data.pin === 'string' ? { pin: data.pin, ...(typeof data.nextPin === 'string' ? { nextPin: data.nextPin } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

/** True for 127.0.0.0/8, ::1 and localhost: plain HTTP is allowed only there. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
