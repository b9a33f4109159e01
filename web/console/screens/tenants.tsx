import { useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../shared/api';
import type { Tenant } from '../app';
import type { ConsoleApi } from '../session';
import { errorText, Field, Page, Status, useLoad } from '../ui';

/** Platform admins: the tenants; create one (its keys shown once), deactivate, commission; act within one. */
export function TenantsScreen({ api, onActWithin }: { api: ConsoleApi; onActWithin(tenantId: string): void }) {
  const tenants = useLoad(() => api.get<Tenant[]>('/v1/admin/tenants'), [api]);
  const [form, setForm] = useState({ name: '', slug: '', commissionPercent: '10' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });
  const [keys, setKeys] = useState<Schemas['CreatedTenantDto'] | null>(null);

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      const created = await api.post<Schemas['CreatedTenantDto']>('/v1/admin/tenants', { ...form, commissionPercent: Number(form.commissionPercent) });
      setKeys(created);
      setErrors({});
      setForm({ name: '', slug: '', commissionPercent: '10' });
      setState({ error: null, notice: null });
      tenants.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setErrors(error.fieldErrors);
      setState({ error: errorText(error), notice: null });
    }
  };
  const setCommission = async (tenant: Tenant, value: string) => {
    try {
      await api.patch(`/v1/admin/tenants/${tenant.id}`, { commissionPercent: Number(value) });
      setState({ error: null, notice: `${tenant.name}'s commission is ${value} % for new checkouts.` });
      tenants.reload();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };
  const toggle = async (tenant: Tenant) => {
    try {
      await api.patch(`/v1/admin/tenants/${tenant.id}`, { isActive: !tenant.isActive });
      setState({ error: null, notice: `${tenant.name} is ${tenant.isActive ? 'deactivated: its widget and admins stop working' : 'active again'}.` });
      tenants.reload();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };

  return (
    <Page title="Tenants">
      <Status loading={tenants.loading && !tenants.data} error={state.error ?? tenants.error} notice={state.notice} />
      {keys ? (
        <div class="panel warning" role="alert">
          <h2>Keys of {keys.tenant.name}: shown once</h2>
          <p>Copy the secret key now; it cannot be shown again (rotate the keys to get a new one).</p>
          <dl class="facts">
            <dt>Public key</dt>
            <dd>
              <code>{keys.keys.publicKey}</code>
            </dd>
            <dt>Secret key</dt>
            <dd>
              <code>{keys.keys.secretKey}</code>
            </dd>
          </dl>
          <button type="button" class="secondary" onClick={() => setKeys(null)}>
            I have copied them
          </button>
        </div>
      ) : null}
      <form class="panel" onSubmit={create} noValidate aria-labelledby="new-tenant">
        <h2 id="new-tenant">New tenant</h2>
        <div class="grid">
          <Field id="t-name" label="Name" error={errors.name}>
            {(a) => <input {...a} value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />}
          </Field>
          <Field id="t-slug" label="Slug" error={errors.slug}>
            {(a) => <input {...a} value={form.slug} onInput={(e) => setForm({ ...form, slug: e.currentTarget.value })} />}
          </Field>
          <Field id="t-commission" label="Commission (%)" error={errors.commissionPercent}>
            {(a) => (
              <input
                {...a}
                inputMode="decimal"
                value={form.commissionPercent}
                onInput={(e) => setForm({ ...form, commissionPercent: e.currentTarget.value })}
              />
            )}
          </Field>
        </div>
        <button type="submit" class="primary">
          Create tenant
        </button>
      </form>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Table (scrolls sideways on a small screen)">
        <table class="list">
          <caption class="sr-only">Tenants</caption>
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col" class="num">
                Commission
              </th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(tenants.data ?? []).map((t) => (
              <tr key={t.id}>
                <td>
                  {t.name}
                  <br />
                  <span class="muted">{t.slug}</span>
                </td>
                <td class="num">
                  <form
                    class="inline"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void setCommission(t, (e.currentTarget.elements.namedItem('commission') as HTMLInputElement).value);
                    }}
                  >
                    <input
                      name="commission"
                      inputMode="decimal"
                      size={5}
                      defaultValue={String(t.commissionPercent)}
                      aria-label={`Commission of ${t.name} (%)`}
                    />
                    <button type="submit" class="link">
                      Save
                    </button>
                  </form>
                </td>
                <td>{t.isActive ? 'active' : 'inactive'}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      onActWithin(t.id);
                      location.hash = '#/bookings';
                    }}
                  >
                    Act within
                  </button>{' '}
                  <button type="button" class="link" onClick={() => void toggle(t)}>
                    {t.isActive ? 'Deactivate' : 'Activate'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
