import { z } from 'zod';
import {
  CheckinLink,
  ConfigureConnectorRequest,
  ConnectorProviderId,
  ConnectorStatus,
  CheckinResult,
  CheckinState,
  CheckinSubmission,
  CreateKeeperTabletRequest,
  KeeperTablet,
  CsvImportRequest,
  CsvImportResponse,
  SyncResponse,
} from '../tablets.js';
import { defineRoute, pathParams } from '../route.js';

const provider = z.object({ provider: ConnectorProviderId });

/** Tablets and phones (IT lead): MDM connectors, CSV import, keeper check-in links. */
export const tabletsApi = {
  connectors: defineRoute({
    method: 'GET',
    path: '/api/tablets/connectors',
    summary: 'MDM connectors and their last sync (admin; never the secret)',
    response: ConnectorStatus.array(),
  }),
  configureConnector: defineRoute({
    method: 'PUT',
    path: '/api/tablets/connectors/:provider',
    summary: 'Set up Google Workspace or Intune: settings and a new secret, stored encrypted (admin)',
    params: provider,
    body: ConfigureConnectorRequest,
    response: ConnectorStatus,
  }),
  syncConnector: defineRoute({
    method: 'POST',
    path: '/api/tablets/connectors/:provider/sync',
    summary: 'Sync a connector now (admin)',
    params: provider,
    response: SyncResponse,
  }),
  importCsv: defineRoute({
    method: 'POST',
    path: '/api/tablets/import-csv',
    summary: 'Import tablets and phones from CSV text; bad rows by line (admin)',
    body: CsvImportRequest,
    response: CsvImportResponse,
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/tablets',
    summary: 'Add a tablet its keeper checks in by hand; answers its check-in link (admin)',
    body: CreateKeeperTabletRequest,
    status: 201,
    response: CheckinLink,
  }),
  keeperTablets: defineRoute({
    method: 'GET',
    path: '/api/tablets/keeper',
    summary: 'Tablets and phones their keepers check in by hand, with their check-in links (admin; never the token)',
    response: KeeperTablet.array(),
  }),
  checkinLink: defineRoute({
    method: 'POST',
    path: '/api/tablets/:id/checkin-link',
    summary: 'A new check-in link and QR code for a tablet; the old link stops working (admin)',
    params: pathParams('id'),
    response: CheckinLink,
  }),
};

const token = pathParams('token');

/** The keeper's check-in page (no sign-in: the link's token is the key; only its hash is stored). */
export const checkinApi = {
  script: defineRoute({ method: 'GET', path: '/checkin/app.js', summary: "The check-in page's script (JavaScript)" }),
  page: defineRoute({ method: 'GET', path: '/checkin/:token', summary: 'The check-in page (HTML)', params: token }),
  state: defineRoute({
    method: 'GET',
    path: '/checkin/:token/state',
    summary: 'What the check-in page shows: the tablet, its keeper, the apps asked about, the current OS versions',
    params: token,
    response: CheckinState,
  }),
  submit: defineRoute({
    method: 'POST',
    path: '/checkin/:token',
    summary: "The keeper's answers; the tablet's findings in return",
    params: token,
    body: CheckinSubmission,
    response: CheckinResult,
  }),
};
