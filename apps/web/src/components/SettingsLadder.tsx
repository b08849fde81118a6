import { useState, type FormEvent } from 'react';
import { type AlertLadder, CONTROL_IDS, type ControlId, CONTROLS, type LadderStep } from '@safefleet/protocol';
import { ladderWords, parseLadderDays } from '../lib/notifications';
import { ReadValue, SectionHead, useAction, type SettingsSectionProps } from './SettingsParts';

type Draft = Record<ControlId, { remind: string; escalate: string }>;
const text = (n: number | null) => (n === null ? '' : String(n));

/**
 * The grace ladder per check, like Intune's actions for non-compliance: when an alert stays open,
 * remind the keeper after N days and escalate to the DSL and the IT lead after M days.
 */
export function SettingsLadder({ view, editable, save }: SettingsSectionProps) {
  const ladder = view.settings.ladder;
  const [draft, setDraft] = useState<Draft>(
    () =>
      Object.fromEntries(
        CONTROL_IDS.map((c) => [c, { remind: text(ladder[c].remindKeeperAfterDays), escalate: text(ladder[c].escalateAfterDays) }]),
      ) as Draft,
  );
  const { busy, run, fail, notice } = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changed: Partial<AlertLadder> = {};
    for (const c of CONTROL_IDS) {
      const remind = parseLadderDays(draft[c].remind);
      const escalate = parseLadderDays(draft[c].escalate);
      if (remind === undefined || escalate === undefined)
        return fail(`“${CONTROLS[c].title}”: use a whole number of days from 0 to 365, or leave the box empty.`);
      const step: LadderStep = { remindKeeperAfterDays: remind, escalateAfterDays: escalate };
      if (step.remindKeeperAfterDays !== ladder[c].remindKeeperAfterDays || step.escalateAfterDays !== ladder[c].escalateAfterDays) changed[c] = step;
    }
    if (Object.keys(changed).length === 0) return fail('Nothing has changed.');
    await run(() => save({ ladder: changed }), 'Saved. Open alerts follow the new timings.');
  };

  const set = (c: ControlId, k: 'remind' | 'escalate', v: string) => setDraft({ ...draft, [c]: { ...draft[c], [k]: v } });

  return (
    <section className="card" aria-labelledby="ladder-title" id="ladder">
      <SectionHead id="ladder-title" title="Reminders and escalation" source={view.sources.ladder}>
        While an alert stays open, Safefleet can remind the device’s keeper how to fix it, and later escalate it to the DSL and the IT lead.
        {editable ? ' Leave a box empty to switch that step off.' : ''}
      </SectionHead>
      {editable ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="table-wrap">
            <table className="data data--compact ladder">
              <caption className="visually-hidden">Days before each step, per check</caption>
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Remind the keeper after (days)</th>
                  <th scope="col">Escalate after (days)</th>
                </tr>
              </thead>
              <tbody>
                {CONTROL_IDS.map((c) => (
                  <tr key={c}>
                    <th scope="row">{CONTROLS[c].title}</th>
                    <td>
                      <input
                        aria-label={`${CONTROLS[c].title}: remind the keeper after how many days`}
                        inputMode="numeric"
                        className="input--days"
                        placeholder="Off"
                        value={draft[c].remind}
                        onChange={(e) => set(c, 'remind', e.target.value)}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`${CONTROLS[c].title}: escalate after how many days`}
                        inputMode="numeric"
                        className="input--days"
                        placeholder="Off"
                        value={draft[c].escalate}
                        onChange={(e) => set(c, 'escalate', e.target.value)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            For safeguarding (social media apps) the keeper is not emailed by default: the DSL decides how to talk to them.
          </p>
          {notice}
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save reminders and escalation'}
          </button>
        </form>
      ) : (
        <dl className="facts-list">
          {CONTROL_IDS.map((c) => (
            <ReadValue key={c} label={CONTROLS[c].title}>
              {ladderWords(ladder[c])}
            </ReadValue>
          ))}
        </dl>
      )}
    </section>
  );
}
