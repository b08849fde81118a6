import { SMTP_TLS_MODES, type SmtpSettings, type SmtpTls } from '@safefleet/protocol';

/**
 * `smtp://user:pass@host:port` (STARTTLS when the server offers it; port 587 by default) or
 * `smtps://…` (TLS from the start; port 465 by default). `?tls=starttls` requires STARTTLS,
 * `?tls=none` never encrypts. User and password are URL-decoded.
 */
export function parseSmtpUrl(value: string, name = 'the SMTP URL'): SmtpSettings {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must look like smtp://user:password@mail.example.org:587 or smtps://…`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`${name} must start with smtp:// or smtps://`);
  }
  if (!url.hostname) throw new Error(`${name} has no mail server name`);
  const implicit = url.protocol === 'smtps:';
  let tls: SmtpTls = implicit ? 'implicit' : 'opportunistic';
  const asked = url.searchParams.get('tls');
  if (asked !== null) {
    if (!(SMTP_TLS_MODES as readonly string[]).includes(asked)) {
      throw new Error(`${name}: tls must be one of ${SMTP_TLS_MODES.join(', ')}`);
    }
    tls = asked as SmtpTls;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: url.port ? Number(url.port) : implicit ? 465 : 587,
    tls,
    user: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
  };
}
