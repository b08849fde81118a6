import { createSign } from 'node:crypto';
import { z } from 'zod';
import { BearerSession, collectPages, ConnectorAuthError, ConnectorError, fetchWithBackoff, readJson, type HttpOptions } from '../http.js';
import {
  GoogleError,
  GoogleMemberList,
  GoogleMobileDeviceList,
  GoogleToken,
  GoogleUserList,
  type GoogleMember,
  type GoogleMobileDevice,
  type GoogleUser,
} from './schemas.js';

export const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/admin.directory.device.mobile.readonly';
/** Asked for only when keeper groups are set: the directory's people and the groups' members. */
export const GOOGLE_KEEPER_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
];

/** A directory group (Google group email, Microsoft Entra group id) whose members are keepers with this role. */
export const KeeperGroup = z.object({ group: z.string().trim().min(1).max(200), role: z.string().trim().min(1).max(100) });
export type KeeperGroup = z.infer<typeof KeeperGroup>;
export const KeeperGroups = z.array(KeeperGroup).max(50).default([]);

/** What the IT lead enters: the service account's JSON key, and an admin it acts for. */
export const GoogleSettings = z.object({
  /** An administrator's email: the service account acts for them (domain-wide delegation). */
  adminEmail: z.email(),
  /** "my_customer" (the admin's own account) or the customer id. */
  customerId: z.string().min(1).max(100).default('my_customer'),
  /** Overridable for tests (a local fake); the real endpoints by default. */
  tokenUrl: z.url().default('https://oauth2.googleapis.com/token'),
  apiBase: z.url().default('https://admin.googleapis.com'),
  /** Keepers synced from the directory: members of each group get its keeper role. */
  keeperGroups: KeeperGroups,
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
  constructor(
    private readonly settings: GoogleSettings,
    private readonly key: GoogleServiceAccountKey,
    private readonly http: HttpOptions = {},
    private readonly scopes: string[] = [GOOGLE_SCOPE],
  ) {
    this.session = new BearerSession({
      http: this.http,
      what: 'Google Workspace',
      fetchToken: () => this.fetchToken(),
      refused: async (res) =>
        new ConnectorAuthError(
          `Google Workspace refused access (${await errorText(res)}): check that the admin ${this.settings.adminEmail} can see mobile devices and the service account has domain-wide delegation.`,
        ),
      failed: async (res) => new ConnectorError(`Google Workspace answered HTTP ${res.status}: ${await errorText(res)}`),
    });
  }

  private assertion(now: number): string {
    const iat = Math.floor(now / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
    const claims = b64url(
      JSON.stringify({
        iss: this.key.client_email,
        sub: this.settings.adminEmail,
        scope: this.scopes.join(' '),
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

  private readonly session: BearerSession;

  /** GET with the bearer token (renewed once on 401; see BearerSession). */
  private get(url: string): Promise<Response> {
    return this.session.get(url);
  }

  private url(path: string, query: Record<string, string | undefined>): string {
    const url = new URL(path, this.settings.apiBase);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    return url.toString();
  }

  /** Every mobile device, following nextPageToken. */
  async listMobileDevices(maxPages = 1000): Promise<GoogleMobileDevice[]> {
    const path = `/admin/directory/v1/customer/${encodeURIComponent(this.settings.customerId)}/devices/mobile`;
    return collectPages(
      'Google Workspace',
      async (pageToken) => {
        const body = await readJson(
          await this.get(this.url(path, { projection: 'FULL', maxResults: '100', pageToken })),
          GoogleMobileDeviceList,
          'Google Workspace',
        );
        return { items: body.mobiledevices ?? [], next: body.nextPageToken };
      },
      maxPages,
    );
  }

  /** Every person in the directory (users.list), following nextPageToken. */
  async listUsers(): Promise<GoogleUser[]> {
    return collectPages('Google Workspace users', async (pageToken) => {
      const body = await readJson(
        await this.get(this.url('/admin/directory/v1/users', { customer: this.settings.customerId, maxResults: '500', pageToken })),
        GoogleUserList,
        'Google Workspace users',
      );
      return { items: body.users ?? [], next: body.nextPageToken };
    });
  }

  /** A group's members (members.list; the group's email or id), following nextPageToken. */
  async listGroupMembers(groupKey: string): Promise<GoogleMember[]> {
    const path = `/admin/directory/v1/groups/${encodeURIComponent(groupKey)}/members`;
    return collectPages('Google Workspace group members', async (pageToken) => {
      const body = await readJson(
        await this.get(this.url(path, { maxResults: '200', includeDerivedMembership: 'true', pageToken })),
        GoogleMemberList,
        'Google Workspace group members',
      );
      return { items: body.members ?? [], next: body.nextPageToken };
    });
  }
}
