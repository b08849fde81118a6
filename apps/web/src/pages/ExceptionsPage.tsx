import { useRef, useState } from 'react';
import { api } from '../api/endpoints';
import { useLiveReload } from '../api/use-live-reload';
import { useResource } from '../api/use-resource';
import { ExceptionForm, type ExceptionDraft } from '../components/ExceptionForm';
import { ExceptionList } from '../components/ExceptionList';
import { Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { RolesSection } from '../components/RolesSection';
import { can } from '../lib/permissions';
import { useLocation } from '../router';
import { useSession } from '../session';

/** Exceptions (apps allowed for a role or a device) and the keeper roles they can target. */
export function ExceptionsPage() {
  usePageTitle('Exceptions and roles');
  const { user } = useSession();
  const { search } = useLocation();
  const readExceptions = can(user, 'read-exceptions');
  const exceptions = useResource(() => (readExceptions ? api.exceptions() : Promise.resolve([])));
  const roles = useResource(() => api.roles());
  const catalogue = useResource(() => api.catalogue());
  const devices = useResource(() => api.devices());
  const [saved, setSaved] = useState<string | null>(null);
  const formRef = useRef<HTMLDivElement>(null);
  useLiveReload(() => {
    exceptions.reload();
    roles.reload();
  });

  const fromQuery: ExceptionDraft = {
    kind: search.get('role') ? 'role' : search.get('device') ? 'device' : 'role',
    role: search.get('role') ?? '',
    deviceId: search.get('device') ?? '',
    appIds: (search.get('apps') ?? '').split(',').filter(Boolean),
  };
  const [draft, setDraft] = useState<{ key: number; value: ExceptionDraft }>({ key: 0, value: fromQuery });
  const canExcept = can(user, 'manage-exceptions');
  const error = exceptions.error ?? roles.error ?? catalogue.error ?? devices.error;

  const propose = (role: string, appIds: string[]) => {
    setDraft((d) => ({ key: d.key + 1, value: { kind: 'role', role, deviceId: '', appIds } }));
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('h2')?.focus(), 0);
    formRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <>
      <h1>Exceptions and keeper roles</h1>
      <p className="lede">
        The policy allows no social media or messaging apps unless they suit the keeper’s role. An exception allows named apps for a keeper role or
        for one device, with a written risk assessment, an approver and an end date. When it ends, the apps count against the device again.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      {saved && <Notice kind="success">{saved}</Notice>}
      <div className="columns columns--wide-left">
        <section aria-labelledby="exceptions-title">
          <h2 id="exceptions-title">Exceptions</h2>
          {!readExceptions ? (
            <p>Exceptions name apps and people, so they are shown to the DSL and the IT lead only.</p>
          ) : !exceptions.data || !catalogue.data ? (
            <Loading />
          ) : (
            <ExceptionList exceptions={exceptions.data} catalogue={catalogue.data} canRevoke={canExcept} onChanged={exceptions.reload} />
          )}
        </section>
        {canExcept && (
          <div ref={formRef}>
            {catalogue.data && devices.data && roles.data ? (
              <ExceptionForm
                key={draft.key}
                initial={draft.value}
                catalogue={catalogue.data}
                roles={roles.data}
                devices={devices.data}
                approver={user.email}
                onCreated={(e) => {
                  setSaved(
                    `Exception approved. It applies until ${new Date(e.expiresAt).toLocaleDateString('en-GB')}; affected devices are being checked again.`,
                  );
                  exceptions.reload();
                  roles.reload();
                }}
              />
            ) : (
              <Loading />
            )}
          </div>
        )}
      </div>
      <section aria-labelledby="roles-title">
        <h2 id="roles-title">Keeper roles</h2>
        <p className="muted">
          Give each device’s keeper a role on the device’s page. Roles say which apps a job may need, e.g. a social media officer may need Facebook,
          Instagram and X.
        </p>
        {roles.data && exceptions.data && catalogue.data ? (
          <RolesSection
            roles={roles.data}
            exceptions={exceptions.data}
            catalogue={catalogue.data}
            canManage={can(user, 'manage-roles')}
            canExcept={canExcept}
            onChanged={roles.reload}
            onPropose={propose}
          />
        ) : (
          <Loading />
        )}
      </section>
    </>
  );
}
