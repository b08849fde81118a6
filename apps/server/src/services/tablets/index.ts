import type { ServiceContext } from '../context.js';
import type { EvaluationService } from '../evaluation.service.js';
import type { DevicesService } from '../devices.service.js';
import { CheckinLinksService } from './checkin-links.service.js';
import { ConnectorsService } from './connectors.service.js';
import { CsvImportService } from './csv-import.service.js';
import { MobileIngestService } from './mobile-ingest.service.js';

/** Tablets and phones: the shared ingest path, CSV import, MDM connectors, keeper check-ins. */
export interface TabletServices {
  ingest: MobileIngestService;
  csv: CsvImportService;
  connectors: ConnectorsService;
  checkins: CheckinLinksService;
}

export function createTabletServices(ctx: ServiceContext, evaluation: EvaluationService, devices: DevicesService): TabletServices {
  const ingest = new MobileIngestService(ctx, evaluation);
  return {
    ingest,
    csv: new CsvImportService(ingest),
    connectors: new ConnectorsService(ctx, ingest, evaluation),
    checkins: new CheckinLinksService(ctx, ingest, () => devices),
  };
}
