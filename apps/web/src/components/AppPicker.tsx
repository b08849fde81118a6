import { APP_CATEGORIES, APP_CATEGORY_LABELS, type CatalogueApp } from '@safefleet/protocol';

/** Catalogue apps as checkboxes, grouped by category (a fieldset each, so the group is announced). */
export function AppPicker({
  catalogue,
  selected,
  onChange,
  legend,
}: {
  catalogue: CatalogueApp[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  legend: string;
}) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...new Set([...selected, id])] : selected.filter((x) => x !== id));
  return (
    <fieldset className="app-picker">
      <legend>{legend}</legend>
      {APP_CATEGORIES.map((cat) => {
        const apps = catalogue.filter((a) => a.category === cat);
        if (apps.length === 0) return null;
        return (
          <fieldset key={cat} className="app-picker__group">
            <legend>{APP_CATEGORY_LABELS[cat]}</legend>
            <ul>
              {apps.map((a) => (
                <li key={a.id}>
                  <label className="check">
                    <input type="checkbox" value={a.id} checked={selected.includes(a.id)} onChange={(e) => toggle(a.id, e.target.checked)} />
                    {a.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
    </fieldset>
  );
}

/** "WhatsApp, Signal" from ids, keeping unknown ids as they are. */
export function appNames(ids: readonly string[], catalogue: readonly CatalogueApp[]): string {
  return ids.map((id) => catalogue.find((a) => a.id === id)?.name ?? id).join(', ');
}
