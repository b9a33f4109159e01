import { useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../shared/api';
import type { Tenant } from '../app';
import type { ConsoleApi } from '../session';
import { centsToInput, errorText, Field, money, Page, parseMoney, Status, useLoad } from '../ui';

type Package = Schemas['AdminPackageDto'];
type AddOn = Package['addOns'][number];

interface PackageForm {
  name: string;
  slug: string;
  price: string;
  tier: string;
  description: string;
  photoUrl: string;
  active: boolean;
}

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

/** Packages and their add-ons: create, edit, deactivate; prices typed in the currency and stored as cents. */
export function CatalogScreen({ api, tenant }: { api: ConsoleApi; tenant: Tenant }) {
  const packages = useLoad(() => api.get<Package[]>('/v1/admin/packages'), [api]);
  const [editing, setEditing] = useState<Package | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Page
      title="Catalog"
      actions={
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          New package
        </button>
      }
    >
      <Status loading={packages.loading && !packages.data} error={packages.error} notice={notice} />
      {editing ? (
        <PackageEditor
          api={api}
          currency={tenant.currency}
          pkg={editing === 'new' ? null : editing}
          onDone={(message) => {
            setEditing(null);
            setNotice(message);
            packages.reload();
          }}
        />
      ) : null}
      {packages.data ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Table (scrolls sideways on a small screen)">
          <table class="list">
            <caption class="sr-only">Packages</caption>
            <thead>
              <tr>
                <th scope="col">Package</th>
                <th scope="col">Tier</th>
                <th scope="col" class="num">
                  Price
                </th>
                <th scope="col">Add-ons</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {packages.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.photoUrl ? <img class="thumb" src={p.photoUrl} alt="" /> : null}
                    {p.name}
                    <br />
                    <span class="muted">{p.slug}</span>
                  </td>
                  <td>{p.tier ?? '—'}</td>
                  <td class="num">{money(p.basePriceCents, p.currency)}</td>
                  <td>{p.addOns.filter((a) => a.active !== false).length}</td>
                  <td>{p.active ? 'active' : 'inactive'}</td>
                  <td>
                    <button type="button" class="secondary" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}

function PackageEditor(props: { api: ConsoleApi; currency: string; pkg: Package | null; onDone(message: string): void }) {
  const { api, currency, pkg } = props;
  const [form, setForm] = useState<PackageForm>(
    pkg
      ? {
          name: pkg.name,
          slug: pkg.slug,
          price: centsToInput(pkg.basePriceCents, currency),
          tier: pkg.tier ?? '',
          description: pkg.description,
          photoUrl: pkg.photoUrl ?? '',
          active: pkg.active,
        }
      : { name: '', slug: '', price: '', tier: '', description: '', photoUrl: '', active: true },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof PackageForm) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setForm((f) => ({ ...f, [name]: value, ...(name === 'name' && !pkg && (f.slug === '' || f.slug === slugOf(f.name)) ? { slug: slugOf(value) } : {}) }));
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const cents = parseMoney(form.price, currency);
    if (cents === null) return setErrors({ basePriceCents: `Enter an amount like 1,250.00 in ${currency.toUpperCase()}.` });
    const body = {
      name: form.name,
      slug: form.slug,
      basePriceCents: cents,
      tier: form.tier.trim() || null,
      description: form.description,
      photoUrl: form.photoUrl.trim() || null,
      active: form.active,
    };
    setBusy(true);
    setFailure(null);
    try {
      if (pkg) await api.patch(`/v1/admin/packages/${pkg.id}`, body);
      else await api.post('/v1/admin/packages', body);
      props.onDone(pkg ? `Saved ${form.name}.` : `Created ${form.name}: it is in the widget now.`);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 400) setErrors(error.fieldErrors);
      setFailure(errorText(error));
    }
  };

  return (
    <form class="panel" onSubmit={save} noValidate aria-labelledby="editor-title">
      <h2 id="editor-title">{pkg ? `Edit ${pkg.name}` : 'New package'}</h2>
      <div class="grid">
        <Field id="p-name" label="Name" error={errors.name}>
          {(a) => <input {...a} required value={form.name} onInput={set('name')} />}
        </Field>
        <Field id="p-slug" label="Slug" error={errors.slug} hint="Lower-case letters, digits and hyphens; used in links.">
          {(a) => <input {...a} required value={form.slug} onInput={set('slug')} />}
        </Field>
        <Field id="p-price" label={`Price (${currency.toUpperCase()})`} error={errors.basePriceCents}>
          {(a) => <input {...a} inputMode="decimal" required value={form.price} onInput={set('price')} />}
        </Field>
        <Field id="p-tier" label="Tier" error={errors.tier} hint="Optional, e.g. gold">
          {(a) => <input {...a} value={form.tier} onInput={set('tier')} />}
        </Field>
      </div>
      <Field id="p-description" label="Description" error={errors.description}>
        {(a) => <textarea {...a} rows={3} value={form.description} onInput={set('description')} />}
      </Field>
      <Field id="p-photo" label="Photo URL" error={errors.photoUrl}>
        {(a) => <input {...a} type="url" value={form.photoUrl} onInput={set('photoUrl')} />}
      </Field>
      {/^https?:\/\//.test(form.photoUrl) ? (
        <img class="preview-photo" src={form.photoUrl} alt={`Preview of the photo of ${form.name || 'the package'}`} />
      ) : null}
      <label class="check">
        <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} /> Active (offered in the widget)
      </label>
      <Status error={failure} />
      <p>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : pkg ? 'Save package' : 'Create package'}
        </button>{' '}
        <button type="button" class="secondary" onClick={() => props.onDone('')}>
          Close
        </button>
      </p>
      {pkg ? <AddOns api={api} pkg={pkg} currency={currency} /> : null}
    </form>
  );
}

function AddOns(props: { api: ConsoleApi; pkg: Package; currency: string }) {
  const { api, pkg, currency } = props;
  const [addOns, setAddOns] = useState<AddOn[]>(pkg.addOns);
  const [name, setName] = useState('');
  const [price, setPrice] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  const add = async () => {
    const cents = parseMoney(price, currency);
    if (cents === null) return setErrors({ priceCents: `Enter an amount in ${currency.toUpperCase()}.` });
    try {
      const created = await api.post<AddOn>(`/v1/admin/packages/${pkg.id}/addons`, { name, slug: slugOf(name), priceCents: cents });
      setAddOns([...addOns, created]);
      setName('');
      setPrice('');
      setErrors({});
      setFailure(null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setErrors(error.fieldErrors);
      setFailure(errorText(error));
    }
  };
  const remove = async (addOn: AddOn) => {
    try {
      await api.delete(`/v1/admin/packages/${pkg.id}/addons/${addOn.id}`);
      setAddOns(addOns.filter((a) => a.id !== addOn.id));
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  return (
    <fieldset class="addons">
      <legend>Add-ons of {pkg.name}</legend>
      <ul class="plain">
        {addOns.map((a) => (
          <li key={a.id}>
            {a.name} — {money(a.priceCents, currency)} {a.active === false ? <span class="muted">(inactive)</span> : null}{' '}
            <button type="button" class="link" onClick={() => void remove(a)} aria-label={`Remove ${a.name}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div class="grid">
        <Field id="a-name" label="Add-on name" error={errors.name ?? errors.slug}>
          {(a) => <input {...a} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field id="a-price" label={`Add-on price (${currency.toUpperCase()})`} error={errors.priceCents}>
          {(a) => <input {...a} inputMode="decimal" value={price} onInput={(e) => setPrice(e.currentTarget.value)} />}
        </Field>
      </div>
      <Status error={failure} />
      <button type="button" class="secondary" onClick={() => void add()}>
        Add add-on
      </button>
    </fieldset>
  );
}
