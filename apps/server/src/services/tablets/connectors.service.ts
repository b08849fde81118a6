import { z } from 'zod';
import { mapGoogleDevice } from '../../connectors/google-workspace/map.js';
import {
  GOOGLE_KEEPER_SCOPES,
  GOOGLE_SCOPE,
  GoogleServiceAccountKey,
  GoogleSettings,
  GoogleWorkspaceClient,
} from '../../connectors/google-workspace/client.js';
import { ConnectorAuthError, type HttpOptions } from '../../connectors/http.js';
import { GraphClient, IntuneSettings } from '../../connectors/intune/client.js';
import { mapIntuneDevice } from '../../connectors/intune/map.js';
import { SecretBox } from '../../connectors/secret-box.js';
import { parseStored } from '../../db/stored-json.js';
import { read, transaction, type ServiceContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import type { EvaluationService } from '../evaluation.service.js';
import { applyDirectoryKeepers, type KeeperSyncResult } from './keeper-sync.js';
import type { MobileIngestService, RecordOutcome } from './mobile-ingest.service.js';

export const CONNECTOR_PROVIDERS = ['google-workspace', 'intune'] as const;
export type ConnectorProvider = (typeof CONNECTOR_PROVIDERS)[number];

/** What the console shows about a connector: never the secret. */
export interface ConnectorStatus {
  provider: ConnectorProvider;
  enabled: boolean;
  settings: Record<string, unknown>;
  hasSecret: true;
  lastSyncAt: string | null;
  lastResult: 'ok' | 'error' | null;
  /** In words: "12 devices (3 new); 40 people's password dates", or why it failed and what to do. */
  lastMessage: string | null;
}

export interface SyncResult {
  ok: boolean;
  message: string;
  devices: RecordOutcome[];
}

/** Provider name used in directory_users for Microsoft 365 (Graph users). */
export const MICROSOFT_DIRECTORY = 'microsoft-365';

const badRequest = (message: string) => new AppError(400, message);

/**
 * MDM connectors configured in the console: settings stored plainly, the secret sealed with
 * AES-GCM (key in the data folder) and never returned. `sync` runs on demand and hourly.
 */
export class ConnectorsService {
  private box: SecretBox | null = null;
  /** Test hook: how the clients reach the APIs (a local fake in tests). */
  http: HttpOptions = {};

  constructor(
    private readonly ctx: ServiceContext,
    private readonly ingest: MobileIngestService,
    private readonly evaluation: EvaluationService,
  ) {}

  private secrets(): SecretBox {
    this.box ??= SecretBox.forDataDir(this.ctx.config.dataDir);
    return this.box;
  }

  list(): ConnectorStatus[] {
    return read(this.ctx)
      .tablets.connectors()
      .filter((c): c is typeof c & { provider: ConnectorProvider } => (CONNECTOR_PROVIDERS as readonly string[]).includes(c.provider))
      .map((c) => ({
        provider: c.provider,
        enabled: c.enabled,
        settings: parseStored(z.record(z.string(), z.unknown()), c.settingsJson, `settings of the ${c.provider} connector`),
        hasSecret: true as const,
        lastSyncAt: c.lastSyncAt,
        lastResult: c.lastResult === 'ok' || c.lastResult === 'error' ? c.lastResult : null,
        lastMessage: c.lastMessage,
      }));
  }

  /** Saves settings and a new secret (both checked first). Audited without the secret. */
  configure(
    provider: ConnectorProvider,
    input: { settings: unknown; secret?: string | undefined; enabled?: boolean | undefined },
    actor: string,
  ): ConnectorStatus {
    const settings = provider === 'google-workspace' ? GoogleSettings.safeParse(input.settings) : IntuneSettings.safeParse(input.settings);
    if (!settings.success) throw badRequest(`Settings: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const existing = read(this.ctx).tablets.connector(provider);
    if (input.secret === undefined) {
      if (!existing)
        throw badRequest(provider === 'google-workspace' ? 'Paste the JSON key of the Google service account.' : 'Paste the client secret’s value.');
    } else if (provider === 'google-workspace') {
      let key: unknown;
      try {
        key = JSON.parse(input.secret);
      } catch {
        throw badRequest('Paste the whole JSON key file of the Google service account.');
      }
      if (!GoogleServiceAccountKey.safeParse(key).success)
        throw badRequest('The JSON key has no client_email or private_key: download a new JSON key for the service account.');
    } else if (input.secret.trim().length < 8) {
      throw badRequest('Paste the client secret’s value (not its id).');
    }
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      r.tablets.saveConnector({
        provider,
        enabled: input.enabled ?? true,
        settingsJson: JSON.stringify(settings.data),
        secretEnc: input.secret === undefined && existing ? existing.secretEnc : this.secrets().seal(input.secret ?? ''),
        updatedAt: at,
      });
      r.audit.append(at, {
        actor,
        action: 'connector.configured',
        target: provider,
        detail: { settings: settings.data, newSecret: input.secret !== undefined },
      });
    });
    return this.list().find((c) => c.provider === provider)!;
  }

  remove(provider: ConnectorProvider, actor: string): void {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      if (!r.tablets.deleteConnector(provider)) throw notFound('Connector');
      r.audit.append(at, { actor, action: 'connector.removed', target: provider, detail: {} });
    });
  }

  /** Syncs every enabled connector (the hourly job). Never throws: failures are recorded per connector. */
  async syncAll(actor = 'scheduler'): Promise<SyncResult[]> {
    const out: SyncResult[] = [];
    for (const c of this.list().filter((x) => x.enabled)) out.push(await this.sync(c.provider, actor));
    return out;
  }

  /** One sync now; the result (or the failure, in words) is stored on the connector. */
  async sync(provider: ConnectorProvider, actor: string): Promise<SyncResult> {
    const row = read(this.ctx).tablets.connector(provider);
    if (!row) throw notFound('Connector');
    const secret = this.secrets().open(row.secretEnc);
    const settings: unknown = JSON.parse(row.settingsJson);
    let result: SyncResult;
    try {
      result =
        provider === 'google-workspace'
          ? await this.syncGoogle(GoogleSettings.parse(settings), secret, actor)
          : await this.syncIntune(IntuneSettings.parse(settings), secret, actor);
    } catch (err) {
      const message = err instanceof ConnectorAuthError ? err.message : `Sync failed: ${err instanceof Error ? err.message : String(err)}`;
      this.ctx.log.warn({ provider, err: message }, 'connector sync failed');
      result = { ok: false, message, devices: [] };
    }
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      r.tablets.recordSync(provider, at, result.ok ? 'ok' : 'error', result.message);
      r.audit.append(at, { actor, action: 'connector.synced', target: provider, detail: { ok: result.ok, message: result.message } });
    });
    return result;
  }

  private async syncGoogle(settings: GoogleSettings, secret: string, actor: string): Promise<SyncResult> {
    const keepers = settings.keeperGroups.length > 0;
    const scopes = keepers ? [GOOGLE_SCOPE, ...GOOGLE_KEEPER_SCOPES] : [GOOGLE_SCOPE];
    const client = new GoogleWorkspaceClient(settings, GoogleServiceAccountKey.parse(JSON.parse(secret)), this.http, scopes);
    const records = (await client.listMobileDevices()).map(mapGoogleDevice).filter((r) => r !== null);
    const devices = this.ingest.ingestAll(records, { type: 'mdm', provider: 'google-workspace' }, actor);
    if (!keepers) return { ok: true, message: describe(devices), devices };
    // Keepers: the directory's people (names) and each keeper group's members (roles).
    const users = (await client.listUsers()).filter((u) => !u.suspended);
    const groups = [];
    for (const group of settings.keeperGroups) {
      const members = await client.listGroupMembers(group.group);
      groups.push({ group, emails: members.filter((m) => (m.type ?? 'USER') === 'USER' && m.email).map((m) => m.email!) });
    }
    const synced = applyDirectoryKeepers(
      this.ctx,
      'google-workspace',
      users.map((u) => ({ emails: [u.primaryEmail], name: u.name?.fullName ?? null })),
      groups,
      actor,
    );
    if (synced.updated > 0) this.evaluation.reevaluateAll('policy');
    return { ok: true, message: `${describe(devices)}; ${keeperWords(synced, 'Google Workspace')}`, devices };
  }

  private async syncIntune(settings: IntuneSettings, secret: string, actor: string): Promise<SyncResult> {
    const client = new GraphClient(settings, secret, this.http);
    const users = await client.listUsers();
    const records = (await client.listManagedDevices()).map(mapIntuneDevice).filter((r) => r !== null);
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      for (const u of users) {
        r.tablets.upsertDirectoryUser({
          provider: MICROSOFT_DIRECTORY,
          upn: u.userPrincipalName.toLowerCase(),
          mail: u.mail?.toLowerCase() ?? null,
          displayName: u.displayName ?? null,
          passwordChangedAt:
            u.lastPasswordChangeDateTime && !Number.isNaN(Date.parse(u.lastPasswordChangeDateTime))
              ? new Date(u.lastPasswordChangeDateTime).toISOString()
              : null,
          syncedAt: at,
        });
      }
    });
    const devices = this.ingest.ingestAll(records, { type: 'mdm', provider: 'intune' }, actor);
    let keepers = '';
    if (settings.keeperGroups.length > 0) {
      const groups = [];
      for (const group of settings.keeperGroups) {
        const members = await client.listGroupMembers(group.group);
        groups.push({ group, emails: members.flatMap((m) => [m.userPrincipalName, m.mail].filter((e): e is string => !!e)) });
      }
      const synced = applyDirectoryKeepers(
        this.ctx,
        MICROSOFT_DIRECTORY,
        users.map((u) => ({ emails: [u.userPrincipalName, ...(u.mail ? [u.mail] : [])], name: u.displayName ?? null })),
        groups,
        actor,
      );
      keepers = `; ${keeperWords(synced, 'Microsoft 365')}`;
    }
    // Laptops whose keeper signs in with a Microsoft 365 account: password-age now uses the directory's date
    // (and keeper roles from the directory may bring role exceptions into play).
    this.evaluation.reevaluateAll('policy');
    const dated = users.filter((u) => u.lastPasswordChangeDateTime).length;
    return {
      ok: true,
      message: `${describe(devices)}; password dates for ${dated} of ${users.length} Microsoft 365 people${keepers}`,
      devices,
    };
  }
}

function keeperWords(s: KeeperSyncResult, source: string): string {
  return `keepers from ${source}: ${s.people} people, ${s.updated} ${s.updated === 1 ? 'device’s keeper' : 'devices’ keepers'} updated`;
}

function describe(devices: RecordOutcome[]): string {
  const created = devices.filter((d) => d.action === 'created').length;
  const skipped = devices.filter((d) => d.action === 'skipped').length;
  return `${devices.length - skipped} tablets and phones (${created} new)${skipped ? `, ${skipped} left to the Safefleet agent` : ''}`;
}
