import { useState, type FormEvent } from 'react';
import { CONTROL_IDS, type ControlId, CONTROLS, type Recipient, type WebhookFormat } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { WEBHOOK_FORMAT_WORDS } from '../lib/notifications';
import { Field } from './Field';
import { SectionHead, useAction } from './SettingsParts';

type How = 'email' | WebhookFormat;
const HOW_WORDS: Record<How, string> = { email: 'Email', teams: 'Microsoft Teams channel', slack: 'Slack channel', generic: 'Other webhook (JSON)' };
const URL_HINTS: Record<WebhookFormat, string> = {
  teams: 'In Teams, open the channel’s Workflows, choose “Post to a channel when a webhook request is received”, and paste the address it gives.',
  slack: 'In Slack, add an “Incoming Webhook” to the channel and paste its address (https://hooks.slack.com/…).',
  generic: 'Safefleet posts each alert as JSON to this address.',
};

function where(r: Recipient): string {
  return r.channel === 'email' ? r.address : `${WEBHOOK_FORMAT_WORDS[r.format ?? 'generic']}: ${r.address}`;
}

/** Extra recipients: email addresses and Teams/Slack/other webhooks, for one control or every alert. */
export function SettingsRecipients({ recipients, editable, onChanged }: { recipients: Recipient[]; editable: boolean; onChanged: () => void }) {
  const [name, setName] = useState('');
  const [how, setHow] = useState<How>('email');
  const [address, setAddress] = useState('');
  const [control, setControl] = useState<'' | ControlId>('');
  const [confirm, setConfirm] = useState<number | null>(null);
  const adding = useAction();
  const removing = useAction();

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return adding.fail('Give the recipient a name, e.g. “Chair of trustees” or “Safeguarding channel”.');
    if (!address.trim()) return adding.fail(how === 'email' ? 'Give the email address.' : 'Paste the webhook address (it starts with https://).');
    const forControl = control || null;
    const body =
      how === 'email'
        ? { channel: 'email' as const, name: name.trim(), address: address.trim(), control: forControl }
        : { channel: 'webhook' as const, name: name.trim(), url: address.trim(), format: how, control: forControl };
    if (await adding.run(() => api.addRecipient(body), `Added ${name.trim()}.`)) {
      setName('');
      setAddress('');
      onChanged();
    }
  };

  const remove = async (r: Recipient) => {
    if (await removing.run(() => api.removeRecipient(r.id), `Removed ${r.name}.`)) {
      setConfirm(null);
      onChanged();
    }
  };

  return (
    <section className="card" aria-labelledby="recipients-title" id="recipients">
      <SectionHead id="recipients-title" title="Extra recipients">
        More people or channels that get alerts, for one check or for every alert. Webhook addresses are secret, so only the start of each is shown.
      </SectionHead>
      {removing.notice}
      {recipients.length === 0 ? (
        <p>No extra recipients.</p>
      ) : (
        <ul className="recipients">
          {recipients.map((r) => (
            <li key={r.id} className="recipient">
              <div>
                <strong>{r.name}</strong> — {where(r)}
                <div className="muted small">{r.control ? `Only “${CONTROLS[r.control].title}” alerts` : 'Every alert'}</div>
              </div>
              {editable &&
                (confirm === r.id ? (
                  <span className="actions">
                    Remove {r.name}?{/** biome-ignore lint/a11y/noAutofocus: focus goes to the field the person just opened, as they expect */}
                    <button type="button" className="button button--danger" autoFocus onClick={() => void remove(r)}>
                      Remove
                    </button>
                    <button type="button" className="button button--quiet" onClick={() => setConfirm(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" className="button button--quiet" onClick={() => setConfirm(r.id)}>
                    Remove<span className="visually-hidden"> {r.name}</span>
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form onSubmit={(e) => void add(e)} noValidate aria-labelledby="add-recipient-title">
          <h3 id="add-recipient-title">Add a recipient</h3>
          <div className="row">
            <Field label="Name">{(p) => <input {...p} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}</Field>
            <Field label="How">
              {(p) => (
                <select {...p} value={how} onChange={(e) => setHow(e.target.value as How)}>
                  {(Object.keys(HOW_WORDS) as How[]).map((h) => (
                    <option key={h} value={h}>
                      {HOW_WORDS[h]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Which alerts">
              {(p) => (
                <select {...p} value={control} onChange={(e) => setControl(e.target.value as '' | ControlId)}>
                  <option value="">Every alert</option>
                  {CONTROL_IDS.map((c) => (
                    <option key={c} value={c}>
                      {CONTROLS[c].title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label={how === 'email' ? 'Email address' : 'Webhook address (URL)'} hint={how === 'email' ? undefined : URL_HINTS[how]}>
            {(p) => (
              <input
                {...p}
                type={how === 'email' ? 'email' : 'url'}
                autoComplete="off"
                value={address}
                onChange={(e) => setAddress(e.target.value)}
              />
            )}
          </Field>
          {adding.notice}
          <button type="submit" className="button button--primary" disabled={adding.busy}>
            {adding.busy ? 'Adding…' : 'Add recipient'}
          </button>
        </form>
      )}
    </section>
  );
}
