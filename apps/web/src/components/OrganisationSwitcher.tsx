import { useEffect, useId, useRef, useState } from 'react';
import { USER_ROLE_LABELS } from '@safefleet/protocol';
import { otherOrganisations, showsSwitcher } from '../lib/organisations';
import { useSession } from '../session';

/**
 * The header's organisation switcher: the current organisation's name, opening a menu of the
 * others the person belongs to. Shown only to someone in more than one organisation, so a
 * single-charity console looks as it always did.
 */
export function OrganisationSwitcher() {
  const session = useSession();
  const { organisation, switchOrganisation } = session;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!showsSwitcher(session)) return null;
  const others = otherOrganisations(session);

  const choose = async (id: number) => {
    setBusy(true);
    setError(null);
    try {
      // On success the whole signed-in frame starts again for the new organisation (App.tsx).
      await switchOrganisation(id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
      session.refresh();
    }
  };

  return (
    <div className="org-switch" ref={root}>
      <button
        type="button"
        ref={button}
        className="org-switch__button"
        aria-expanded={open}
        aria-controls={menuId}
        disabled={busy}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="org-switch__label">Organisation</span> <strong>{organisation?.name ?? 'None chosen'}</strong>{' '}
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="org-switch__menu" id={menuId}>
          <p className="org-switch__title" id={`${menuId}-title`}>
            Switch to
          </p>
          <ul aria-labelledby={`${menuId}-title`}>
            {others.map((m) => (
              <li key={m.id}>
                <button type="button" disabled={busy} onClick={() => void choose(m.id)}>
                  {m.name} <span className="muted">· {USER_ROLE_LABELS[m.role]}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <span className="org-switch__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
