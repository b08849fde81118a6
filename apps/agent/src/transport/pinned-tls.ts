import { createHash, type X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** base64 SHA-256 of the certificate's SubjectPublicKeyInfo (DER): the enrolment string's `pin`. */
export function certificatePin(cert: X509Certificate): string {
  return createHash('sha256')
    .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

/** The console showed a certificate that is not the enrolled (or announced next) one. */
export class PinMismatchError extends Error {
  readonly code = 'CERT_PIN_MISMATCH';
  constructor(
    readonly host: string,
    readonly expected: readonly string[],
    readonly got: string,
  ) {
    super(
      `refused the console's certificate at ${host}: its pin is sha256/${got}, but this agent enrolled with ` +
        `sha256/${expected.join(' or sha256/')}. Someone may be intercepting the connection, or the console's ` +
        'certificate was replaced without announcing it; if the console really changed, enrol this device again',
    );
    this.name = 'PinMismatchError';
  }
}

type Callback = (err: Error | null, socket?: Socket) => void;

/**
 * A `createConnection` for http(s).request and ws: opens TLS, and hands the socket over only
 * once the server's certificate matches one of the pins — so not a byte of the request (the
 * device secret, the enrolment token) is written to any other server. With a pin the certificate
 * chain and name are not checked (a pinned self-signed certificate is the point); the pin is.
 * `onMatch` hears which pin matched (the agent promotes an announced next pin when it is used).
 */
export function pinnedConnection(pins: () => readonly string[], onMatch?: (pin: string) => void) {
  return (options: ConnectionOptions & { host?: string; hostname?: string; port?: number | string }, callback: Callback): undefined => {
    const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const socket: TLSSocket = tlsConnect({
      host,
      port: Number(options.port ?? 443),
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      ...(options.timeout ? { timeout: options.timeout } : {}),
    });
    let done = false;
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      socket.off('error', onError);
      if (err) {
        socket.destroy();
        callback(err);
      } else callback(null, socket);
    };
    const onError = (err: Error) => finish(err);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      const expected = pins();
      if (!cert) return finish(new Error(`the console at ${host} sent no certificate`));
      const got = certificatePin(cert);
      if (!expected.includes(got)) return finish(new PinMismatchError(host, expected, got));
      onMatch?.(got);
      finish(null);
    });
    return undefined;
  };
}
