import { buildCsv } from '../lib/csv';

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
    const blob = new Blob(['\uFEFF', buildCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" className="button" onClick={download}>
      {label}
    </button>
  );
}
