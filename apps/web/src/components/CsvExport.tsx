import { buildCsv } from '../lib/csv';
import { saveBlob } from '../lib/download';

/** Downloads the rows given as a CSV file (UTF-8 with BOM, so Excel shows names like “O’Brien” right). */
export function CsvExport({
  filename,
  build,
  label = 'Export CSV',
}: {
  filename: string;
  build: () => { header: string[]; rows: string[][] };
  label?: string;
}) {
  const download = () => {
    const { header, rows } = build();
    saveBlob(filename, new Blob(['\uFEFF', buildCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
  };
  return (
    <button type="button" className="button" onClick={download}>
      {label}
    </button>
  );
}
