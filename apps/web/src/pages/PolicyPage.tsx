import { useEffect, useState, type FormEvent } from 'react';
import {
  APP_CATEGORIES,
  APP_CATEGORY_LABELS,
  CONTROL_IDS,
  CONTROLS,
  POLICY_NUMBER_SETTINGS,
  policyNumber,
  withPolicyNumber,
  type PolicyNumberSetting,
  type PolicySettings,
} from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { ApprovedChannelsSection } from '../components/ApprovedChannels';
import { Field, Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { can } from '../lib/permissions';
import { useSession } from '../session';

type NumberSetting = PolicyNumberSetting & {
  get: (p: PolicySettings) => number;
  set: (p: PolicySettings, v: number) => PolicySettings;
};

/** Each control's thresholds, with the labels and bounds its module in @safefleet/protocol declares. */
const NUMBERS: NumberSetting[] = POLICY_NUMBER_SETTINGS.map((s) => ({
  ...s,
  get: (p) => policyNumber(p, s),
  set: (p, v) => withPolicyNumber(p, s, v),
}));

/** A checkbox for the IT lead; plain words for everyone else (no edit controls for read-only roles). */
function Check({ label, on, editable, onChange }: { label: string; on: boolean; editable: boolean; onChange: (on: boolean) => void }) {
  if (!editable)
    return (
      <span>
        {on ? '✓ ' : '✕ '}
        {label}
        {on ? '' : ' (not checked)'}
      </span>
    );
  return (
    <label className="check">
      <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** Policy thresholds and which app categories and controls are checked. Saving re-checks every device. */
export function PolicyPage() {
  usePageTitle('Policy');
  const { user } = useSession();
  const editable = can(user, 'edit-policy');
  const policy = useResource(() => api.policy());
  const [draft, setDraft] = useState<PolicySettings | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (policy.data) setDraft(policy.data);
  }, [policy.data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const bad = NUMBERS.find((n) => !Number.isInteger(n.get(draft)) || n.get(draft) < n.min || n.get(draft) > n.max);
    if (bad) return setNotice({ kind: 'error', text: `“${bad.label} … ${bad.unit}” must be a whole number from ${bad.min} to ${bad.max}.` });
    setBusy(true);
    setNotice(null);
    try {
      const saved = await api.savePolicy(draft);
      policy.setData(() => saved);
      setNotice({ kind: 'success', text: 'Saved. Every device has been checked again with the new settings.' });
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const toggle = <T extends string>(list: readonly T[], v: T, on: boolean): T[] => (on ? [...new Set([...list, v])] : list.filter((x) => x !== v));

  return (
    <>
      <h1>Policy</h1>
      <p className="lede">The CAUK online-safety policy’s limits. The defaults are CAUK’s; change them only if your own policy differs.</p>
      {policy.error && <Notice kind="error">{policy.error}</Notice>}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {!draft ? (
        <Loading />
      ) : (
        <form onSubmit={(e) => void save(e)} className="policy" noValidate>
          <fieldset disabled={!editable || busy}>
            <legend className="visually-hidden">Policy settings</legend>
            <section className="card">
              <h2>Limits</h2>
              {NUMBERS.map((n) => (
                <Field key={n.label} label={`${n.label} (${n.unit})`} className="field--number">
                  {(p) =>
                    editable ? (
                      <input
                        {...p}
                        type="number"
                        inputMode="numeric"
                        min={n.min}
                        max={n.max}
                        value={Number.isNaN(n.get(draft)) ? '' : n.get(draft)}
                        onChange={(e) => setDraft(n.set(draft, e.target.valueAsNumber))}
                      />
                    ) : (
                      <output {...p}>{n.get(draft)}</output>
                    )
                  }
                </Field>
              ))}
            </section>
            <section className="card">
              <h2>App categories checked</h2>
              <p className="muted small">
                Apps of these kinds fail the “No social media or messaging apps” control unless they are agreed work channels or an exception allows
                them.
              </p>
              <ul className="checks">
                {APP_CATEGORIES.map((c) => (
                  <li key={c}>
                    <Check
                      label={APP_CATEGORY_LABELS[c]}
                      editable={editable}
                      on={draft.socialApps.categories.includes(c)}
                      onChange={(on) => setDraft({ ...draft, socialApps: { categories: toggle(draft.socialApps.categories, c, on) } })}
                    />
                  </li>
                ))}
              </ul>
            </section>
            <ApprovedChannelsSection
              value={draft.approvedChannels}
              editable={editable}
              onChange={(v) => setDraft({ ...draft, approvedChannels: v })}
            />
            <section className="card">
              <h2>Controls checked</h2>
              <p className="muted small">A control switched off shows as Unknown on every device, with that reason.</p>
              <ul className="checks">
                {CONTROL_IDS.map((c) => (
                  <li key={c}>
                    <Check
                      label={CONTROLS[c].title}
                      editable={editable}
                      on={!draft.disabledControls.includes(c)}
                      onChange={(on) => setDraft({ ...draft, disabledControls: toggle(draft.disabledControls, c, !on) })}
                    />
                  </li>
                ))}
              </ul>
            </section>
          </fieldset>
          {editable ? (
            <div className="actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? 'Saving and checking every device…' : 'Save policy'}
              </button>
              <button type="button" className="button button--quiet" onClick={() => policy.data && setDraft(policy.data)} disabled={busy}>
                Undo changes
              </button>
            </div>
          ) : (
            <p className="muted">Only the IT lead can change the policy.</p>
          )}
        </form>
      )}
    </>
  );
}
