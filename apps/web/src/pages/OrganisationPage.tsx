import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Field, Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { can } from '../lib/permissions';
import { useSession } from '../session';

const readFile = (f: File, as: 'text' | 'dataUrl') =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('Could not read the file'));
    if (as === 'text') r.readAsText(f);
    else r.readAsDataURL(f);
  });

/** Organisation settings: name and logo for the trustees' report, time zone, trustees' address, bank holidays, security reviews. */
export function OrganisationPage() {
  usePageTitle('Organisation');
  const { user } = useSession();
  const editable = can(user, 'edit-policy');
  const org = useResource(() => api.organisation());
  const reviews = useResource(() => (can(user, 'read-notifications') ? api.securityReviews() : Promise.resolve(null)));
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState('Europe/London');
  const [trustees, setTrustees] = useState('');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [review, setReview] = useState({ reviewedAt: new Date().toISOString().slice(0, 10), reviewedBy: '', notes: '' });
  useEffect(() => {
    if (!org.data) return;
    setName(org.data.name);
    setTimeZone(org.data.timeZone);
    setTrustees(org.data.trusteesEmail ?? '');
  }, [org.data]);

  const run = async (what: () => Promise<unknown>, ok: string) => {
    setNotice(null);
    try {
      await what();
      setNotice({ kind: 'success', text: ok });
      org.reload();
      reviews.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.updateOrganisation({ name, timeZone, trusteesEmail: trustees.trim() || null }), 'Saved.');
  };

  if (!org.data) return org.error ? <Notice kind="error">{org.error}</Notice> : <Loading />;
  const o = org.data;
  return (
    <>
      <h1>Organisation</h1>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <form className="card" onSubmit={save} noValidate>
        <fieldset disabled={!editable}>
          <legend>Name, time zone and trustees</legend>
          <Field label="Organisation name" hint="Shown on the trustees’ report.">
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Time zone" hint="Dates in emails and reports, and working days, use it.">
            {(p) => <input {...p} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />}
          </Field>
          <Field label="Trustees’ email address" hint="The report is emailed here each quarter.">
            {(p) => <input {...p} type="email" value={trustees} onChange={(e) => setTrustees(e.target.value)} />}
          </Field>
          <Field label="Logo (PNG or JPEG, small)" hint={o.logoDataUrl ? 'A logo is set.' : 'No logo yet.'}>
            {(p) => (
              <input
                {...p}
                type="file"
                accept="image/png,image/jpeg"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void run(async () => api.updateOrganisation({ logoDataUrl: await readFile(f, 'dataUrl') }), 'Logo saved.');
                }}
              />
            )}
          </Field>
          {editable && (
            <button type="submit" className="button button--primary">
              Save
            </button>
          )}
        </fieldset>
      </form>
      <section className="card">
        <h2>Bank holidays</h2>
        <p>
          In force: {o.bankHolidaysInForce.source}, {o.bankHolidaysInForce.count} dates from {o.bankHolidaysInForce.first ?? '—'} to{' '}
          {o.bankHolidaysInForce.last ?? '—'}. They do not count as working days.
        </p>
        {editable && (
          <Field label="Upload a new table" hint="The GOV.UK bank-holidays JSON file, or a CSV with lines “2027-12-27,Christmas Day”.">
            {(p) => (
              <input
                {...p}
                type="file"
                accept=".json,.csv,text/csv,application/json"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void run(async () => api.uploadBankHolidays(await readFile(f, 'text')), 'Bank holidays replaced.');
                }}
              />
            )}
          </Field>
        )}
      </section>
      {reviews.data && (
        <section className="card" data-testid="security-reviews">
          <h2>Security reviews</h2>
          <p>
            Next review due by {reviews.data.nextDueAt}
            {reviews.data.overdue ? ' — overdue' : reviews.data.due ? ' — due soon' : ''}. The policy asks for one at least twice a year.
          </p>
          <ul>
            {reviews.data.reviews.map((r) => (
              <li key={r.id}>
                {r.reviewedAt}, {r.reviewedBy}: {r.notes} <span className="muted">(next due {r.nextDueAt})</span>
              </li>
            ))}
          </ul>
          {editable && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => api.addSecurityReview(review), 'Review recorded.');
              }}
            >
              <Field label="Reviewed on">
                {(p) => <input {...p} type="date" value={review.reviewedAt} onChange={(e) => setReview({ ...review, reviewedAt: e.target.value })} />}
              </Field>
              <Field label="Reviewed by">
                {(p) => <input {...p} value={review.reviewedBy} onChange={(e) => setReview({ ...review, reviewedBy: e.target.value })} />}
              </Field>
              <Field label="Notes">
                {(p) => <textarea {...p} rows={3} value={review.notes} onChange={(e) => setReview({ ...review, notes: e.target.value })} />}
              </Field>
              <button type="submit" className="button">
                Record the review
              </button>
            </form>
          )}
        </section>
      )}
    </>
  );
}
