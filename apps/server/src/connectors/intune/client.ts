import { z } from 'zod';
import { KeeperGroups } from '../google-workspace/client.js';
import { BearerSession, collectPages, ConnectorAuthError, ConnectorError, fetchWithBackoff, readJson, type HttpOptions } from '../http.js';
import { GraphDirectoryObject, GraphError, GraphManagedDevice, graphPage, GraphToken, GraphUser } from './schemas.js';

/** What the IT lead enters: an app registration (tenant, client id) with Graph application permissions. */
export const IntuneSettings = z.object({
  tenantId: z.string().min(1).max(100),
  clientId: z.string().min(1).max(100),
  /** Overridable for tests (a local fake); the real endpoints by default. */
  tokenUrl: z.url().optional(),
  graphBase: z.url().default('https://graph.microsoft.com/v1.0'),
  /** Keepers synced from the directory: members of each Entra group (by object id) get its keeper role. */
  keeperGroups: KeeperGroups,
});
export type IntuneSettings = z.infer<typeof IntuneSettings>;

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const e = GraphError.parse(JSON.parse(text));
    if (typeof e.error === 'string') return `${e.error}${e.error_description ? `: ${e.error_description.split('\n')[0]}` : ''}`;
    return `${e.error.code ?? ''}${e.error.message ? `: ${e.error.message}` : ''}` || `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/** Microsoft Graph client (client-credentials token): Intune managed devices with detected apps, users' password dates. */
export class GraphClient {
  constructor(
    private readonly settings: IntuneSettings,
    private readonly clientSecret: string,
    private readonly http: HttpOptions = {},
  ) {
    this.session = new BearerSession({
      http: this.http,
      what: 'Microsoft Graph',
      fetchToken: () => this.fetchToken(),
      refused: async (res) =>
        new ConnectorAuthError(
          `Microsoft Graph refused access (${await errorText(res)}): the app needs the application permissions DeviceManagementManagedDevices.Read.All and User.Read.All (and GroupMember.Read.All when keeper groups are set), with admin consent.`,
        ),
      failed: async (res) => new ConnectorError(`Microsoft Graph answered HTTP ${res.status}: ${await errorText(res)}`),
    });
  }

  private get tokenUrl(): string {
    return this.settings.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(this.settings.tenantId)}/oauth2/v2.0/token`;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      client_id: this.settings.clientId,
      client_secret: this.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    const res = await fetchWithBackoff(
      this.tokenUrl,
      { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      this.http,
      'Microsoft sign-in',
    );
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const why = await errorText(res);
      const expired = /AADSTS7000222|expired/i.test(why);
      throw new ConnectorAuthError(
        expired
          ? `Microsoft 365 refused Safefleet’s client secret: it has expired. In Microsoft Entra admin center > App registrations > Safefleet > Certificates & secrets, create a new client secret and paste it in the console. (${why})`
          : `Microsoft 365 refused Safefleet’s app credentials (${why}): check the tenant id, client id and client secret in the console.`,
      );
    }
    if (!res.ok) throw new ConnectorError(`Microsoft sign-in failed: ${await errorText(res)}`);
    return (await readJson(res, GraphToken, 'Microsoft sign-in')).access_token;
  }

  private readonly session: BearerSession;

  /** GET with the bearer token (renewed once on 401; see BearerSession). */
  private get(url: string): Promise<Response> {
    return this.session.get(url);
  }

  /** Follows @odata.nextLink from `first` and returns every item. */
  private async all<T extends z.ZodType>(first: string, item: T, maxPages = 1000): Promise<z.infer<T>[]> {
    const graphOrigin = new URL(this.settings.graphBase).origin;
    return collectPages(
      'Microsoft Graph',
      async (nextLink) => {
        const url = nextLink ?? first;
        // nextLink is absolute; only follow it to the configured Graph host.
        if (new URL(url).origin !== graphOrigin) throw new ConnectorError('Microsoft Graph sent a next page link to another host; stopped');
        const body = (await readJson(await this.get(url), graphPage(item), 'Microsoft Graph')) as { value: z.infer<T>[]; '@odata.nextLink'?: string };
        return { items: body.value, next: body['@odata.nextLink'] };
      },
      maxPages,
    );
  }

  /** Intune managed devices (Android, iOS, iPadOS), each with its detected apps. */
  async listManagedDevices(): Promise<GraphManagedDevice[]> {
    const base = this.settings.graphBase.replace(/\/+$/, '');
    const devices = await this.all(`${base}/deviceManagement/managedDevices`, GraphManagedDevice);
    const mobile = devices.filter((d) => /android|ios|ipados/i.test(d.operatingSystem ?? ''));
    const out: GraphManagedDevice[] = [];
    for (const d of mobile) {
      const res = await this.get(`${base}/deviceManagement/managedDevices/${encodeURIComponent(d.id)}?$expand=detectedApps`);
      out.push(await readJson(res, GraphManagedDevice, 'Microsoft Graph'));
    }
    return out;
  }

  /** Every user's UPN, name, mail and lastPasswordChangeDateTime. */
  async listUsers(): Promise<GraphUser[]> {
    const base = this.settings.graphBase.replace(/\/+$/, '');
    return this.all(`${base}/users?$select=id,displayName,userPrincipalName,mail,lastPasswordChangeDateTime&$top=999`, GraphUser);
  }

  /** The people in an Entra group (GET /groups/{id}/members; needs GroupMember.Read.All). Other member types are left out. */
  async listGroupMembers(groupId: string): Promise<GraphDirectoryObject[]> {
    const base = this.settings.graphBase.replace(/\/+$/, '');
    const members = await this.all(
      `${base}/groups/${encodeURIComponent(groupId)}/members?$select=id,displayName,userPrincipalName,mail&$top=999`,
      GraphDirectoryObject,
    );
    return members.filter((m) => m['@odata.type'] === undefined || m['@odata.type'] === '#microsoft.graph.user');
  }
}
