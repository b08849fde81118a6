import { useState, type FormEvent } from 'react';
import { SMTP_TLS_MODES, type SmtpTls, type UpdateNotificationSettingsRequest } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { DELIVERY_STATUS_WORDS, parsePort, SMTP_TLS_WORDS } from '../lib/notifications';
import { Field } from './Field';
import { orNone, ReadValue, SectionHead, useAction, type SettingsSectionProps } from './SettingsParts';

/** How the console sends email: mail server, sign-in, sender; plus "Send a test email". */
export function SettingsEmail({ view, editable, save, onTestSent }: SettingsSectionProps & { onTestSent: () => void }) {
  const s = view.settings;
  const smtp = s.smtp;
  const [host, setHost] = useState(smtp?.host ?? '');
  const [port, setPort] = useState(String(smtp?.port ?? 587));
  const [tls, setTls] = useState<SmtpTls>(smtp?.tls ?? 'opportunistic');
  const [user, setUser] = useState(smtp?.user ?? '');
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [mailFrom, setMailFrom] = useState(s.mailFrom ?? '');
  const [consoleUrl, setConsoleUrl] = useState(s.consoleUrl ?? '');
  const [testTo, setTestTo] = useState('');
  const saving = useAction();
  const testing = useAction();
  const passwordFromEnv = view.sources.smtp === 'environment' && smtp?.hasPassword === true;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const update: UpdateNotificationSettingsRequest = {};
    if (host.trim()) {
      const p = parsePort(port);
      if (p === undefined) return saving.fail('The port must be a whole number from 1 to 65535, e.g. 587.');
      const changed =
        !smtp ||
        host.trim() !== smtp.host ||
        p !== smtp.port ||
        tls !== smtp.tls ||
        (user.trim() || null) !== (smtp.user ?? null) ||
        password !== '' ||
        clearPassword;
      // The server keeps the start-up password while the mail server and user stay the same.
      const otherAccount = !smtp || host.trim() !== smtp.host || (user.trim() || null) !== (smtp.user ?? null);
      if (changed && passwordFromEnv && !password && otherAccount) {
        return saving.fail('Type the password for this mail server: the one from the start-up settings belongs to a different server or user.');
      }
      if (changed)
        update.smtp = {
          host: host.trim(),
          port: p,
          tls,
          user: user.trim() || null,
          ...(clearPassword ? { password: null } : password ? { password } : {}),
        };
    } else if (view.sources.smtp === 'console') {
      update.smtp = null;
    }
    if (mailFrom.trim() !== (s.mailFrom ?? '')) update.mailFrom = mailFrom.trim() || null;
    if (consoleUrl.trim() !== (s.consoleUrl ?? '')) update.consoleUrl = consoleUrl.trim() || null;
    if (Object.keys(update).length === 0) return saving.fail('Nothing has changed.');
    const done = update.smtp !== undefined || update.mailFrom !== undefined ? 'Saved. Emails waiting to be sent are tried again now.' : 'Saved.';
    if (await saving.run(() => save(update), done)) {
      setPassword('');
      setClearPassword(false);
    }
  };

  const test = () =>
    testing.run(
      async () => {
        const d = await api.sendTestEmail(testTo.trim() || undefined);
        onTestSent();
        return d;
      },
      `Test email queued${testTo.trim() ? ` to ${testTo.trim()}` : ' to the IT lead'}. Its result appears in the delivery log below within a minute (${DELIVERY_STATUS_WORDS.sent.toLowerCase()} or not).`,
    );

  return (
    <section className="card" aria-labelledby="email-title" id="email">
      <SectionHead id="email-title" title="Email" source={view.sources.smtp}>
        The mail server the console sends alert emails through. Your email provider gives these details (e.g. for Microsoft 365: smtp.office365.com,
        port 587).
      </SectionHead>
      {editable ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="row">
            <Field label="Mail server (SMTP host)" hint="Leave empty to use the server’s start-up settings.">
              {(p) => <input {...p} autoComplete="off" value={host} onChange={(e) => setHost(e.target.value)} />}
            </Field>
            <Field label="Port" className="field--number">
              {(p) => <input {...p} inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />}
            </Field>
          </div>
          <Field label="Encryption (TLS)">
            {(p) => (
              <select {...p} value={tls} onChange={(e) => setTls(e.target.value as SmtpTls)}>
                {SMTP_TLS_MODES.map((m) => (
                  <option key={m} value={m}>
                    {SMTP_TLS_WORDS[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="row">
            <Field label="User name">{(p) => <input {...p} autoComplete="off" value={user} onChange={(e) => setUser(e.target.value)} />}</Field>
            <Field
              label="Password"
              hint={
                passwordFromEnv
                  ? 'The password now comes from the server’s start-up settings. Type it again here when you save these mail settings.'
                  : smtp?.hasPassword
                    ? 'A password is saved. Leave this empty to keep it.'
                    : 'No password is saved.'
              }
            >
              {(p) => (
                <input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  disabled={clearPassword}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
          </div>
          {smtp?.hasPassword && view.sources.smtp === 'console' && (
            <label className="check">
              <input type="checkbox" checked={clearPassword} onChange={(e) => setClearPassword(e.target.checked)} /> Remove the saved password
            </label>
          )}
          <Field label="Send emails from" hint="The sender people see, e.g. Safefleet <safefleet@your-charity.org.uk>.">
            {(p) => <input {...p} autoComplete="off" value={mailFrom} onChange={(e) => setMailFrom(e.target.value)} />}
          </Field>
          <Field label="Console address in emails (optional)" hint="Links in emails start with this, e.g. https://safefleet.your-charity.org.uk.">
            {(p) => <input {...p} type="url" autoComplete="off" value={consoleUrl} onChange={(e) => setConsoleUrl(e.target.value)} />}
          </Field>
          {saving.notice}
          <button type="submit" className="button button--primary" disabled={saving.busy}>
            {saving.busy ? 'Saving…' : 'Save email settings'}
          </button>
        </form>
      ) : (
        <dl className="facts-list">
          <ReadValue label="Mail server">{smtp ? `${smtp.host}, port ${smtp.port}` : orNone(null)}</ReadValue>
          <ReadValue label="Encryption">{smtp ? SMTP_TLS_WORDS[smtp.tls] : '—'}</ReadValue>
          <ReadValue label="User name">{orNone(smtp?.user)}</ReadValue>
          <ReadValue label="Password">{smtp?.hasPassword ? 'A password is saved' : 'No password saved'}</ReadValue>
          <ReadValue label="Send emails from">{orNone(s.mailFrom)}</ReadValue>
        </dl>
      )}
      {editable && (
        <div className="test-email">
          <h3>Send a test email</h3>
          <div className="row">
            <Field
              label="Send it to"
              hint={s.itLead ? `Leave empty to send it to the IT lead (${s.itLead.email}).` : 'No IT lead is named, so give an address.'}
            >
              {(p) => <input {...p} type="email" autoComplete="off" value={testTo} onChange={(e) => setTestTo(e.target.value)} />}
            </Field>
            <button type="button" className="button" disabled={testing.busy} onClick={() => void test()}>
              {testing.busy ? 'Sending…' : 'Send a test email'}
            </button>
          </div>
          {testing.notice}
        </div>
      )}
    </section>
  );
}
