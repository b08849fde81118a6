import { useState, type FormEvent } from 'react';
import type { UpdateNotificationSettingsRequest } from '@safefleet/protocol';
import { Field } from './Field';
import { ReadValue, SectionHead, useAction, type SettingsSectionProps } from './SettingsParts';

const yesNo = (on: boolean) => (on ? 'On' : 'Off');

/** Daily summary of technical alerts, "resolved" messages, the concern time limit, password reminders. */
export function SettingsSchedule({ view, editable, save }: SettingsSectionProps) {
  const s = view.settings;
  const [digest, setDigest] = useState(s.digest.enabled);
  const [time, setTime] = useState(s.digest.time);
  const [onResolve, setOnResolve] = useState(s.notifyOnResolve);
  const [overdue, setOverdue] = useState(String(s.concerns.overdueWorkingDays));
  const [prompts, setPrompts] = useState(s.prompts.enabled);
  const [repeat, setRepeat] = useState(String(s.prompts.repeatDays));
  const [quarterly, setQuarterly] = useState(s.prompts.quarterlyReminder);
  const { busy, run, fail, notice } = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return fail('Give the time of the daily summary as HH:MM, e.g. 08:00.');
    const days = Number(overdue);
    if (!/^\d+$/.test(overdue.trim()) || days < 1 || days > 60)
      return fail('The concern time limit must be a whole number of working days from 1 to 60.');
    const every = Number(repeat);
    if (!/^\d+$/.test(repeat.trim()) || every < 1 || every > 30) return fail('Repeat password reminders every 1 to 30 days.');
    const update: UpdateNotificationSettingsRequest = {};
    if (digest !== s.digest.enabled || time !== s.digest.time) update.digest = { ...s.digest, enabled: digest, time };
    if (onResolve !== s.notifyOnResolve) update.notifyOnResolve = onResolve;
    if (days !== s.concerns.overdueWorkingDays) update.concerns = { overdueWorkingDays: days };
    if (prompts !== s.prompts.enabled || every !== s.prompts.repeatDays || quarterly !== s.prompts.quarterlyReminder) {
      update.prompts = { enabled: prompts, repeatDays: every, quarterlyReminder: quarterly };
    }
    if (Object.keys(update).length === 0) return fail('Nothing has changed.');
    await run(() => save(update), 'Saved.');
  };

  return (
    <section className="card" aria-labelledby="schedule-title" id="schedule">
      <SectionHead id="schedule-title" title="Daily summary and time limits" />
      {editable ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <fieldset>
            <legend>Daily summary for the IT lead</legend>
            <label className="check">
              <input type="checkbox" checked={digest} onChange={(e) => setDigest(e.target.checked)} /> Send technical alerts as one email a day
              instead of one email each
            </label>
            {digest && (
              <Field label="Send it at" className="field--nested field--number" hint="24-hour clock, e.g. 08:00.">
                {(p) => <input {...p} type="time" value={time} onChange={(e) => setTime(e.target.value)} />}
              </Field>
            )}
            <p className="field__hint">Safeguarding alerts are never held back: they always go at once.</p>
          </fieldset>
          <fieldset>
            <legend>When an alert is resolved</legend>
            <label className="check">
              <input type="checkbox" checked={onResolve} onChange={(e) => setOnResolve(e.target.checked)} /> Also send a message to the same people
            </label>
          </fieldset>
          <Field label="A concern is overdue if not closed within (working days)" className="field--number" hint="Monday to Friday. CAUK suggests 2.">
            {(p) => <input {...p} inputMode="numeric" value={overdue} onChange={(e) => setOverdue(e.target.value)} />}
          </Field>
          <fieldset>
            <legend>Password reminders to keepers</legend>
            <label className="check">
              <input type="checkbox" checked={prompts} onChange={(e) => setPrompts(e.target.checked)} /> Remind keepers on their device and by email
              when a password is nearly due
            </label>
            <Field label="Repeat the reminder every (days)" className="field--nested field--number">
              {(p) => <input {...p} inputMode="numeric" value={repeat} disabled={!prompts} onChange={(e) => setRepeat(e.target.value)} />}
            </Field>
            <label className="check field--nested">
              <input type="checkbox" checked={quarterly} disabled={!prompts} onChange={(e) => setQuarterly(e.target.checked)} /> Remind every keeper
              on the first day of each quarter
            </label>
          </fieldset>
          {notice}
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save summary and time limits'}
          </button>
        </form>
      ) : (
        <dl className="facts-list">
          <ReadValue label="Daily summary">{s.digest.enabled ? `On, at ${s.digest.time}` : 'Off: one email per technical alert'}</ReadValue>
          <ReadValue label="Message when resolved">{yesNo(s.notifyOnResolve)}</ReadValue>
          <ReadValue label="Concern time limit">{`${s.concerns.overdueWorkingDays} working day${s.concerns.overdueWorkingDays === 1 ? '' : 's'}`}</ReadValue>
          <ReadValue label="Password reminders">
            {s.prompts.enabled ? `On, repeated every ${s.prompts.repeatDays} days${s.prompts.quarterlyReminder ? ', and each quarter' : ''}` : 'Off'}
          </ReadValue>
        </dl>
      )}
    </section>
  );
}
