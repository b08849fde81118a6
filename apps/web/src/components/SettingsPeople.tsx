import { useState, type FormEvent } from 'react';
import type { Person, UpdateNotificationSettingsRequest } from '@safefleet/protocol';
import { Field } from './Field';
import { orNone, ReadValue, SectionHead, SourceNote, useAction, type SettingsSectionProps } from './SettingsParts';

type Key = 'dsl' | 'onlineSafetyCoordinator' | 'itLead';
const PEOPLE: Array<{ key: Key; title: string; hint: string }> = [
  { key: 'dsl', title: 'Designated Safeguarding Lead (DSL)', hint: 'Gets every safeguarding alert at once, and escalations.' },
  { key: 'onlineSafetyCoordinator', title: 'Online-safety coordinator', hint: 'Also gets safeguarding alerts. May be the same person as the DSL.' },
  { key: 'itLead', title: 'IT lead', hint: 'Gets technical alerts (updates, antivirus, devices not checking in) and test emails.' },
];

const blank = (p: Person | null): Person => p ?? { name: '', email: '' };
const same = (a: Person | null, b: Person) => (a?.name ?? '') === b.name.trim() && (a?.email ?? '') === b.email.trim();

/** The DSL, the online-safety coordinator and the IT lead: who alerts go to. */
export function SettingsPeople({ view, editable, save }: SettingsSectionProps) {
  const s = view.settings;
  const [draft, setDraft] = useState<Record<Key, Person>>({
    dsl: blank(s.dsl),
    onlineSafetyCoordinator: blank(s.onlineSafetyCoordinator),
    itLead: blank(s.itLead),
  });
  const { busy, run, fail, notice } = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const update: UpdateNotificationSettingsRequest = {};
    for (const { key, title } of PEOPLE) {
      const p = draft[key];
      if (same(s[key], p)) continue;
      if (!p.email.trim()) {
        if (p.name.trim()) return fail(`Give an email address for the ${title}, or clear the name too.`);
        update[key] = null;
      } else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.email.trim())) {
        return fail(`The email address of the ${title} does not look right.`);
      } else {
        update[key] = { name: p.name.trim(), email: p.email.trim() };
      }
    }
    if (Object.keys(update).length === 0) return fail('Nothing has changed.');
    await run(() => save(update), 'Saved. New alerts go to these people.');
  };

  return (
    <section className="card" aria-labelledby="people-title" id="people">
      <SectionHead id="people-title" title="Who gets alerts">
        Safeguarding alerts go to the DSL and the online-safety coordinator; technical alerts go to the IT lead.
      </SectionHead>
      {editable ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          {PEOPLE.map(({ key, title, hint }) => (
            <fieldset key={key} className="person">
              <legend>{title}</legend>
              <p className="field__hint">{hint}</p>
              <SourceNote source={view.sources[key]} />
              <div className="row">
                <Field label="Name">
                  {(p) => (
                    <input
                      {...p}
                      autoComplete="off"
                      value={draft[key].name}
                      onChange={(e) => setDraft({ ...draft, [key]: { ...draft[key], name: e.target.value } })}
                    />
                  )}
                </Field>
                <Field label="Email">
                  {(p) => (
                    <input
                      {...p}
                      type="email"
                      autoComplete="off"
                      value={draft[key].email}
                      onChange={(e) => setDraft({ ...draft, [key]: { ...draft[key], email: e.target.value } })}
                    />
                  )}
                </Field>
              </div>
            </fieldset>
          ))}
          {notice}
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save people'}
          </button>
        </form>
      ) : (
        <dl className="facts-list">
          {PEOPLE.map(({ key, title }) => (
            <ReadValue key={key} label={title}>
              {s[key] ? `${s[key].name ? `${s[key].name}, ` : ''}${s[key].email}` : orNone(null)}
            </ReadValue>
          ))}
        </dl>
      )}
    </section>
  );
}
