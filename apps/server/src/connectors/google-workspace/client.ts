import { createSign } from 'node:crypto';
import { z } from 'zod';
import { ConnectorAuthError, ConnectorError, fetchWithBackoff, readJson, type HttpOptions } from '../http.js';
import { GoogleError, GoogleMobileDeviceList, GoogleToken, type GoogleMobileDevice } from './schemas.js';

export const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/admin.directory.device.mobile.readonly';

/** What the IT lead enters: the service account's JSON key, and an admin it acts for. */
export const GoogleSettings = z.object({
  /** An administrator's email: the service account acts for them (domain-wide delegation). */
  adminEmail: z.email(),
  /** "my_customer" (the admin's own account) or the customer id. */
  customerId: z.string().min(1).max(100).default('my_customer'),
  /** Overridable for tests (a local fake); the real endpoints by default. */
  tokenUrl: z.url().default('https://oauth2.googleapis.com/token'),
  apiBase: z.url().default('https://admin.googleapis.com'),
});
export type GoogleSettings = z.infer<typeof GoogleSettings>;

/** The parts of a service-account JSON key Safefleet uses (the secret). */
export const GoogleServiceAccountKey = z.looseObject({ client_email: z.string(), private_key: z.string().includes('PRIVATE KEY') });
export type GoogleServiceAccountKey = z.infer<typeof GoogleServiceAccountKey>;

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const e = GoogleError.parse(JSON.parse(text));
    if (typeof e.error === 'string') return `${e.error}${e.error_description ? `: ${e.error_description}` : ''}`;
    return e.error.message ?? e.error.status ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/** Google Workspace Admin SDK client: service-account token (JWT bearer), mobile devices with paging. */
export class GoogleWorkspaceClient {
  private token: string | null = null;

  constructor(
    private readonly settings: GoogleSettings,
    private readonly key: GoogleServiceAccountKey,
    private readonly http: HttpOptions = {},
  ) {}

  private assertion(now: number): string {
    const iat = Math.floor(now / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
    const claims = b64url(
      JSON.stringify({
        iss: this.key.client_email,
        sub: this.settings.adminEmail,
        scope: GOOGLE_SCOPE,
        aud: this.settings.tokenUrl,
        iat,
        exp: iat + 3600,
      }),
    );
    const signer = createSign('RSA-SHA256');
    signer.update(`${header}.${claims}`);
    return `${header}.${claims}.${signer.sign(this.key.private_key, 'base64url')}`;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: this.assertion(Date.now()) });
    const res = await fetchWithBackoff(
      this.settings.tokenUrl,
      { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      this.http,
      'Google sign-in',
    );
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new ConnectorAuthError(
        `Google refused Safefleet’s service-account key (${await errorText(res)}). The key may have been deleted or expired, or domain-wide delegation for ${GOOGLE_SCOPE} is missing: create a new JSON key in Google Cloud and paste it in the console.`,
      );
    }
    if (!res.ok) throw new ConnectorError(`Google sign-in failed: ${await errorText(res)}`);
    return (await readJson(res, GoogleToken, 'Google sign-in')).access_token;
  }

  /** GET with the bearer token; one fresh token on 401 (expired), then a clear error. */
  private async get(url: string): Promise<Response> {
    for (let tries = 0; ; tries++) {
      this.token ??= await this.fetchToken();
      const res = await fetchWithBackoff(
        url,
        { headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' } },
        this.http,
        'Google Workspace',
      );
      if (res.status === 401 && tries === 0) {
        await res.body?.cancel().catch(() => {});
        this.token = null;
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        throw new ConnectorAuthError(
          `Google Workspace refused access (${await errorText(res)}): check that the admin ${this.settings.adminEmail} can see mobile devices and the service account has domain-wide delegation.`,
        );
      }
      if (!res.ok) throw new ConnectorError(`Google Workspace answered HTTP ${res.status}: ${await errorText(res)}`);
      return res;
    }
  }

  /** Every mobile device, following nextPageToken. */
  async listMobileDevices(maxPages = 1000): Promise<GoogleMobileDevice[]> {
    const out: GoogleMobileDevice[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const url = new URL(`/admin/directory/v1/customer/${encodeURIComponent(this.settings.customerId)}/devices/mobile`, this.settings.apiBase);
      url.searchParams.set('projection', 'FULL');
      url.searchParams.set('maxResults', '100');
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      const body = await readJson(await this.get(url.toString()), GoogleMobileDeviceList, 'Google Workspace');
      out.push(...(body.mobiledevices ?? []));
      pageToken = body.nextPageToken;
      if (!pageToken) return out;
    }
    throw new ConnectorError(`Google Workspace kept returning pages after ${maxPages}; stopped`);
  }
}
