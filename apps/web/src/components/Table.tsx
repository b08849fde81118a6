import type { ReactNode } from 'react';

export interface Column<T, K extends string> {
  key: K;
  label: ReactNode;
  /** Plain-text name for the sort button's label when `label` is not plain text. */
  name?: string;
  sortable?: boolean;
  render: (row: T) => ReactNode;
  /** Render this cell as the row header (th scope=row). */
  rowHeader?: boolean;
  className?: string;
}

export interface SortState<K extends string> {
  key: K;
  dir: 'asc' | 'desc';
}

interface TableProps<T, K extends string> {
  caption: ReactNode;
  columns: ReadonlyArray<Column<T, K>>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  sort?: SortState<K>;
  onSort?: (sort: SortState<K>) => void;
  empty?: ReactNode;
  captionHidden?: boolean;
}

/** A data table with keyboard-operable sort buttons in the headers (aria-sort says the order). */
export function Table<T, K extends string>({ caption, columns, rows, rowKey, sort, onSort, empty, captionHidden }: TableProps<T, K>) {
  const header = (c: Column<T, K>) => {
    const active = sort?.key === c.key;
    const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
    if (!c.sortable || !onSort) {
      return (
        <th key={c.key} scope="col" className={c.className}>
          {c.label}
        </th>
      );
    }
    const next: SortState<K> = { key: c.key, dir: active && sort.dir === 'asc' ? 'desc' : 'asc' };
    return (
      <th key={c.key} scope="col" aria-sort={ariaSort} className={c.className}>
        <button type="button" className="sort" onClick={() => onSort(next)}>
          {c.label}
          <span aria-hidden="true" className="sort__icon">
            {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1); its label names it for screen readers
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1); its label names it for screen readers
    <div className="table-wrap" tabIndex={0} role="region" aria-label={typeof caption === 'string' ? caption : undefined}>
      <table className="data">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>{columns.map(header)}</tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty ?? 'Nothing to show.'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.key} scope="row" className={c.className}>
                      {c.render(row)}
                    </th>
                  ) : (
                    <td key={c.key} className={c.className}>
                      {c.render(row)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
