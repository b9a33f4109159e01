import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../shared/api';
import type { ConfigDocument, DisplayRule, DisplayRuleAction, WidgetSection } from '../../../libs/config-versioning/src/document/config-document.schema';
import type { Tenant } from '../app';
import { DiffTable, type Operation } from '../diff';
import { previewUrl, usePreviewToken } from '../preview';
import { type ConsoleApi, query } from '../session';
import { errorText, Field, formatDateTime, Page, Status, useLoad } from '../ui';

type Version = Schemas['ConfigVersionDto'];
type Package = Schemas['AdminPackageDto'];
type Change = Schemas['ConfigChangeDto'];
const SECTION_NAMES: Record<WidgetSection, string> = { packages: 'Packages', calendar: 'Calendar', checkout: 'Details and payment' };

/**
 * The widget's configuration: a draft edited with a form and previewed live (the widget itself, framed with
 * `?versionId=`, refreshed with `mais:refresh`), published; the history with who changed what, a diff between
 * any two versions, and a rollback that shows its diff first and is recorded as a new version.
 */
export function WidgetScreen({ api, tenant }: { api: ConsoleApi; tenant: Tenant }) {
  const versions = useLoad(() => api.get<Schemas['ConfigVersionPageDto']>(`/v1/admin/config/versions${query({ limit: 50 })}`), [api]);
  const packages = useLoad(() => api.get<Package[]>('/v1/admin/packages'), [api]);
  const [draft, setDraft] = useState<Version | null>(null);
  const [config, setConfig] = useState<ConfigDocument | null>(null);
  const [state, setState] = useState<{ busy: boolean; error: string | null; notice: string | null; errors: Record<string, string> }>({
    busy: false,
    error: null,
    notice: null,
    errors: {},
  });
  const preview = useRef<HTMLIFrameElement>(null);
  const published = versions.data?.items.find((v) => v.status === 'PUBLISHED') ?? null;

  useEffect(() => {
    const latestDraft = versions.data?.items.find((v) => v.status === 'DRAFT') ?? null;
    if (latestDraft && latestDraft.id !== draft?.id) {
      setDraft(latestDraft);
      setConfig(structuredClone(latestDraft.config) as unknown as ConfigDocument);
    }
  }, [versions.data]);

  usePreviewToken(preview, api);

  const run = async (what: () => Promise<string>) => {
    setState({ busy: true, error: null, notice: null, errors: {} });
    try {
      const notice = await what();
      setState({ busy: false, error: null, notice, errors: {} });
    } catch (error) {
      setState({ busy: false, error: errorText(error), notice: null, errors: error instanceof ApiError ? error.fieldErrors : {} });
    }
  };
  const startDraft = () =>
    run(async () => {
      const created = await api.post<Version>('/v1/admin/config/versions', {});
      setDraft(created);
      setConfig(structuredClone(created.config) as unknown as ConfigDocument);
      versions.reload();
      return `Draft v${created.version} started from the published configuration.`;
    });
  const save = () =>
    run(async () => {
      const saved = await api.patch<Version>(`/v1/admin/config/versions/${draft!.id}`, { config, expectedVersion: draft!.revision });
      setDraft(saved);
      preview.current?.contentWindow?.postMessage({ type: 'mais:refresh' }, location.origin);
      return `Draft v${saved.version} saved; the preview shows it.`;
    });
  const publish = () =>
    run(async () => {
      const saved = await api.patch<Version>(`/v1/admin/config/versions/${draft!.id}`, { config, expectedVersion: draft!.revision });
      await api.post(`/v1/admin/config/versions/${saved.id}/publish`);
      setDraft(null);
      setConfig(null);
      versions.reload();
      return `v${saved.version} is published: the live widget shows it now.`;
    });

  return (
    <Page title="Widget">
      <Status loading={versions.loading && !versions.data} error={state.error ?? versions.error} notice={state.notice} />
      {!draft || !config ? (
        <p>
          {published ? `v${published.version} is live.` : 'The widget runs on the default configuration.'}{' '}
          <button type="button" class="primary" onClick={() => void startDraft()} disabled={state.busy}>
            Start a draft
          </button>
        </p>
      ) : (
        <div class="editor">
          <DraftForm config={config} packages={packages.data ?? []} errors={state.errors} onChange={setConfig} />
          <div class="preview">
            <h2>Preview of draft v{draft.version}</h2>
            <iframe ref={preview} title="Preview of the draft" src={previewUrl(tenant.slug, { versionId: draft.id })} />
            <p>
              <button type="button" class="secondary" onClick={() => void save()} disabled={state.busy}>
                Save draft
              </button>{' '}
              <button type="button" class="primary" onClick={() => void publish()} disabled={state.busy}>
                Publish
              </button>
            </p>
          </div>
        </div>
      )}
      <History api={api} versions={versions.data?.items ?? []} published={published} onChanged={versions.reload} />
    </Page>
  );
}

function DraftForm(props: { config: ConfigDocument; packages: Package[]; errors: Record<string, string>; onChange(config: ConfigDocument): void }) {
  const { config, errors } = props;
  const update = (change: (next: ConfigDocument) => void) => {
    const next = structuredClone(config);
    change(next);
    props.onChange(next);
  };
  const branding = config.branding;
  const sections = config.widget.sections;
  const move = (index: number, by: number) =>
    update((next) => {
      const list = next.widget.sections;
      [list[index], list[index + by]] = [list[index + by], list[index]];
    });

  return (
    <div class="draft-form">
      <fieldset>
        <legend>Branding</legend>
        <div class="grid">
          <Field id="c-primary" label="Main colour" error={errors['branding.primaryColor']}>
            {(a) => (
              <input {...a} type="color" value={branding.primaryColor} onInput={(e) => update((n) => (n.branding.primaryColor = e.currentTarget.value))} />
            )}
          </Field>
          <Field id="c-secondary" label="Background colour" error={errors['branding.secondaryColor']}>
            {(a) => (
              <input {...a} type="color" value={branding.secondaryColor} onInput={(e) => update((n) => (n.branding.secondaryColor = e.currentTarget.value))} />
            )}
          </Field>
          <Field id="c-scheme" label="Colour scheme">
            {(a) => (
              <select {...a} value={branding.colorScheme} onChange={(e) => update((n) => (n.branding.colorScheme = e.currentTarget.value as 'light'))}>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
                <option value="auto">As the visitor's system</option>
              </select>
            )}
          </Field>
          <Field id="c-font" label="Font" error={errors['branding.fontFamily']}>
            {(a) => <input {...a} value={branding.fontFamily} onInput={(e) => update((n) => (n.branding.fontFamily = e.currentTarget.value))} />}
          </Field>
        </div>
        <Field id="c-logo" label="Logo URL (https)" error={errors['branding.logoUrl']}>
          {(a) => (
            <input
              {...a}
              type="url"
              value={branding.logoUrl ?? ''}
              onInput={(e) => update((n) => (n.branding.logoUrl = e.currentTarget.value.trim() || null))}
            />
          )}
        </Field>
      </fieldset>
      <fieldset>
        <legend>What the widget offers</legend>
        {(
          [
            ['addOns', 'Add-ons'],
            ['showPrices', 'Prices'],
            ['customerNotes', 'Notes from the customer'],
          ] as const
        ).map(([key, label]) => (
          <label class="check" key={key}>
            <input type="checkbox" checked={config.widget.features[key]} onChange={(e) => update((n) => (n.widget.features[key] = e.currentTarget.checked))} />{' '}
            {label}
          </label>
        ))}
        <label class="check">
          <input type="checkbox" checked={config.display.groupByTier} onChange={(e) => update((n) => (n.display.groupByTier = e.currentTarget.checked))} />{' '}
          Group packages by tier
        </label>
        <p class="label">Steps, in order</p>
        <ol class="sections">
          {sections.map((section, i) => (
            <li key={section}>
              {SECTION_NAMES[section]}{' '}
              <button type="button" class="link" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${SECTION_NAMES[section]} up`}>
                Up
              </button>{' '}
              <button
                type="button"
                class="link"
                disabled={i === sections.length - 1}
                onClick={() => move(i, 1)}
                aria-label={`Move ${SECTION_NAMES[section]} down`}
              >
                Down
              </button>
            </li>
          ))}
        </ol>
        <Field
          id="c-origins"
          label="Sites that may show the widget"
          hint="One origin per line, like https://weddings.example.com; empty: any site."
          error={errors['widget.embedOrigins']}
        >
          {(a) => (
            <textarea
              {...a}
              rows={2}
              value={config.widget.embedOrigins.join('\n')}
              onInput={(e) =>
                update(
                  (n) =>
                    (n.widget.embedOrigins = e.currentTarget.value
                      .split('\n')
                      .map((line) => line.trim())
                      .filter(Boolean)),
                )
              }
            />
          )}
        </Field>
      </fieldset>
      <RulesEditor config={config} packages={props.packages} errors={errors} onChange={props.onChange} />
      <fieldset>
        <legend>Packages</legend>
        {props.packages.map((pkg, index) => {
          const settings = config.packages[pkg.id] ?? { visible: true, order: index, featured: false, customDescription: null };
          const set = (change: Partial<typeof settings>) => update((n) => (n.packages[pkg.id] = { ...settings, ...change }));
          return (
            <div class="package-settings" key={pkg.id} role="group" aria-label={pkg.name}>
              <strong>{pkg.name}</strong>
              <label class="check">
                <input type="checkbox" checked={settings.visible} onChange={(e) => set({ visible: e.currentTarget.checked })} /> Shown
              </label>
              <label class="check">
                <input type="checkbox" checked={settings.featured} onChange={(e) => set({ featured: e.currentTarget.checked })} /> Featured
              </label>
              <Field id={`c-order-${pkg.id}`} label="Position">
                {(a) => (
                  <input {...a} type="number" min={0} value={settings.order} onInput={(e) => set({ order: Math.max(0, Number(e.currentTarget.value) || 0) })} />
                )}
              </Field>
              <Field id={`c-text-${pkg.id}`} label="Text in the widget" hint="Empty: the package's own description">
                {(a) => (
                  <textarea
                    {...a}
                    rows={2}
                    value={settings.customDescription ?? ''}
                    onInput={(e) => set({ customDescription: e.currentTarget.value || null })}
                  />
                )}
              </Field>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

/** Date-bound display rules: feature, hide or show packages (or a whole tier) between two days, on the tenant's today. */
function RulesEditor(props: { config: ConfigDocument; packages: Package[]; errors: Record<string, string>; onChange(config: ConfigDocument): void }) {
  const blank = { id: '', from: '', to: '', action: 'feature' as DisplayRuleAction, packageIds: [] as string[], tierGroup: '' };
  const [rule, setRule] = useState(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const names = new Map(props.packages.map((p) => [p.id, p.name]));
  const rules = props.config.displayRules;
  const update = (displayRules: DisplayRule[]) => props.onChange({ ...props.config, displayRules });

  const add = () => {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rule.id)) return setProblem('Name the rule with lower-case letters, digits and hyphens (e.g. spring-garden).');
    if (!rule.from || !rule.to || rule.to < rule.from) return setProblem('Give a first and a last day, the last not before the first.');
    if (rule.packageIds.length === 0 && !rule.tierGroup.trim()) return setProblem('Choose a package or a tier.');
    setProblem(null);
    update([
      ...rules,
      {
        id: rule.id,
        from: rule.from,
        to: rule.to,
        action: rule.action,
        packageIds: rule.packageIds,
        ...(rule.tierGroup.trim() ? { tierGroup: rule.tierGroup.trim() } : {}),
      },
    ]);
    setRule(blank);
  };

  return (
    <fieldset>
      <legend>Seasonal rules</legend>
      {rules.length === 0 ? <p class="muted">No rules: the packages show as set below every day.</p> : null}
      <ul class="plain">
        {rules.map((r, i) => (
          <li key={r.id}>
            <strong>{r.id}</strong>: {r.action} {[...r.packageIds.map((id) => names.get(id) ?? id), ...(r.tierGroup ? [`tier ${r.tierGroup}`] : [])].join(', ')}{' '}
            from {r.from} to {r.to}{' '}
            <button type="button" class="link" onClick={() => update(rules.filter((_, j) => j !== i))} aria-label={`Remove the rule ${r.id}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div class="grid">
        <Field id="r-id" label="Rule name" error={props.errors[`displayRules.${rules.length}.id`]}>
          {(a) => <input {...a} value={rule.id} onInput={(e) => setRule({ ...rule, id: e.currentTarget.value })} />}
        </Field>
        <Field id="r-action" label="Action">
          {(a) => (
            <select {...a} value={rule.action} onChange={(e) => setRule({ ...rule, action: e.currentTarget.value as DisplayRuleAction })}>
              <option value="feature">Feature</option>
              <option value="hide">Hide</option>
              <option value="show">Show (even if hidden)</option>
            </select>
          )}
        </Field>
        <Field id="r-from" label="First day">
          {(a) => <input {...a} type="date" value={rule.from} onInput={(e) => setRule({ ...rule, from: e.currentTarget.value })} />}
        </Field>
        <Field id="r-to" label="Last day">
          {(a) => <input {...a} type="date" value={rule.to} onInput={(e) => setRule({ ...rule, to: e.currentTarget.value })} />}
        </Field>
        <Field id="r-tier" label="Or a whole tier" hint="Optional, e.g. gold">
          {(a) => <input {...a} value={rule.tierGroup} onInput={(e) => setRule({ ...rule, tierGroup: e.currentTarget.value })} />}
        </Field>
      </div>
      <p class="label">Packages of the rule</p>
      {props.packages.map((p) => (
        <label class="check" key={p.id}>
          <input
            type="checkbox"
            checked={rule.packageIds.includes(p.id)}
            onChange={(e) =>
              setRule({ ...rule, packageIds: e.currentTarget.checked ? [...rule.packageIds, p.id] : rule.packageIds.filter((id) => id !== p.id) })
            }
          />{' '}
          {p.name}
        </label>
      ))}
      {problem ? (
        <p class="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="button" class="secondary" onClick={add}>
        Add the rule
      </button>
    </fieldset>
  );
}

function History(props: { api: ConsoleApi; versions: Version[]; published: Version | null; onChanged(): void }) {
  const { api, versions } = props;
  const changes = useLoad(() => api.get<Schemas['ConfigChangePageDto']>(`/v1/admin/config/changes${query({ limit: 20 })}`), [api, versions]);
  const [compare, setCompare] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [diff, setDiff] = useState<{ title: string; before: unknown; operations: Operation[]; rollbackTo?: Version } | null>(null);
  const [state, setState] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });
  const byId = new Map(versions.map((v) => [v.id, v]));

  const showDiff = async (from: Version | null, to: Version, rollback = false) => {
    try {
      const answer = await api.get<Schemas['ConfigDiffDto']>(`/v1/admin/config/versions/${to.id}/diff${query({ against: from?.id ?? 'published' })}`);
      setDiff({
        title: rollback ? `Rolling back to v${to.version} changes this` : `From v${from?.version ?? 'published'} to v${to.version}`,
        before: from?.config ?? props.published?.config ?? null,
        operations: answer.operations as Operation[],
        rollbackTo: rollback ? to : undefined,
      });
      setState({ error: null, notice: null });
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };
  const rollback = async (to: Version) => {
    try {
      const created = await api.post<Version>(`/v1/admin/config/versions/${to.id}/rollback`);
      setDiff(null);
      setState({ error: null, notice: `Rolled back: v${created.version} (a copy of v${to.version}) is published.` });
      props.onChanged();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };

  return (
    <section aria-labelledby="history-title" class="history">
      <h2 id="history-title">History</h2>
      <Status error={state.error} notice={state.notice} />
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Table (scrolls sideways on a small screen)">
        <table class="list">
          <caption class="sr-only">Versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>v{v.version}</td>
                <td>{v.status.toLowerCase()}</td>
                <td>{v.createdBy.type === 'AGENT' ? `agent ${v.createdBy.id ?? ''}` : v.createdBy.type.toLowerCase()}</td>
                <td>{formatDateTime(v.publishedAt ?? v.createdAt)}</td>
                <td>
                  {v.status === 'ARCHIVED' && props.published ? (
                    <button type="button" class="link" onClick={() => void showDiff(props.published, v, true)}>
                      Roll back to v{v.version}…
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const from = byId.get(compare.from);
          const to = byId.get(compare.to);
          if (from && to) void showDiff(from, to);
        }}
      >
        {(['from', 'to'] as const).map((side) => (
          <Field key={side} id={`diff-${side}`} label={side === 'from' ? 'Compare' : 'with'}>
            {(a) => (
              <select {...a} value={compare[side]} onChange={(e) => setCompare({ ...compare, [side]: e.currentTarget.value })}>
                <option value="">Version…</option>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    v{v.version} ({v.status.toLowerCase()})
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        <button type="submit" class="secondary">
          Show the diff
        </button>
      </form>
      {diff ? (
        <div class="panel">
          <DiffTable caption={diff.title} before={diff.before} operations={diff.operations} beforeLabel="Before" afterLabel="After" />
          {diff.rollbackTo ? (
            <p>
              <button type="button" class="primary" onClick={() => void rollback(diff.rollbackTo!)}>
                Roll back to v{diff.rollbackTo.version}
              </button>{' '}
              <button type="button" class="secondary" onClick={() => setDiff(null)}>
                Cancel
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
      <h3>Change log</h3>
      <ul class="plain log">
        {(changes.data?.items ?? []).map((c: Change) => (
          <li key={c.id}>
            {formatDateTime(c.createdAt)}: {c.action.toLowerCase().replaceAll('_', ' ')} by{' '}
            {c.actorType === 'AGENT' ? `agent ${c.actorId ?? ''}` : c.actorType.toLowerCase()}
            {c.versionId && byId.get(c.versionId) ? ` (v${byId.get(c.versionId)!.version})` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
