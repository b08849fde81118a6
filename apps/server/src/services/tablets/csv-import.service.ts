import { planCsvImport } from '../../connectors/csv/import.js';
import type { RowError } from '../../connectors/csv/map.js';
import type { MobileIngestService, RecordOutcome } from './mobile-ingest.service.js';

export interface CsvImportResult {
  /** The column set recognised from the header ("Safefleet CSV", "Microsoft Intune device export"…). */
  format: string | null;
  imported: (RecordOutcome & { line: number })[];
  /** Rows not imported, by line number. */
  errors: RowError[];
}

/** `safefleet-server devices import --csv FILE` and the console's upload. */
export class CsvImportService {
  constructor(private readonly ingest: MobileIngestService) {}

  /**
   * Validates the whole file first, then imports every good row in one transaction (a failure
   * rolls all of them back: nothing is half-imported). Bad rows are reported by line number.
   */
  importCsv(text: string, actor: string): CsvImportResult {
    const plan = planCsvImport(text);
    if (!plan.set || plan.good.length === 0) return { format: plan.set?.label ?? null, imported: [], errors: plan.errors };
    const outcomes = this.ingest.ingestAll(
      plan.good.map((g) => g.record),
      { type: 'mdm', provider: plan.set.provider },
      actor,
    );
    return {
      format: plan.set.label,
      imported: outcomes.map((o, i) => ({ ...o, line: plan.good[i]!.line })),
      errors: plan.errors,
    };
  }
}
