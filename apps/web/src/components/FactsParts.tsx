import type { ReactNode } from 'react';

/** Yes / No / Can't tell, in words. */
export function yesNo(v: boolean | null | undefined): string {
  return v === true ? 'Yes' : v === false ? 'No' : 'Can’t tell';
}

/** A group of facts; says plainly when the agent could not read it. */
export function FactGroup({
  title,
  group,
  children,
}: {
  title: string;
  group: { status: 'ok' | 'error' | 'unsupported'; error?: string | undefined };
  children: ReactNode;
}) {
  return (
    <section className="fact-group" aria-label={title}>
      <h3>{title}</h3>
      {group.status !== 'ok' && (
        <p className="notice notice--warning">
          {group.status === 'unsupported' ? 'This device cannot report this.' : 'The agent could not read this.'}
          {group.error ? ` ${group.error}` : ''}
        </p>
      )}
      {children}
    </section>
  );
}

/** A compact two-column facts table. */
export function SimpleTable({ head, rows, caption }: { head: string[]; rows: ReactNode[][]; caption: string }) {
  if (rows.length === 0) return <p className="muted">Nothing reported.</p>;
  return (
    <div className="table-wrap">
      <table className="data data--compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list rebuilt whole on each render; its items have no id of their own
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list rebuilt whole on each render; its items have no id of their own
                  <th key={j} scope="row">
                    {c}
                  </th>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list rebuilt whole on each render; its items have no id of their own
                  <td key={j}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
