import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConfigDocument } from '../../libs/config-versioning/src/document/config-document.schema';
import type { WidgetBoot } from './boot';
import { ApiError } from '../shared/api';
import { Calendar } from './calendar';
import { lastBookableDay, formatLongDate, monthOf } from './dates';
import { isEmbedded, onParentMessage, postToParent } from './messaging';
import { problemMessage, type Details, type FieldErrors, validateDetails } from './rules';
import { ReturnPage } from './return-page';
import { WidgetApi, type AddOn, type CheckoutStarted, type Package, type Preview } from './widget-api';
import { applyTheme, money } from './view';

type Step = 'package' | 'date' | 'details' | 'summary';

const STEP_TITLES: Record<Step, string> = {
  package: 'Choose a package',
  date: 'Choose your date',
  details: 'Your details',
  summary: 'Review and pay',
};

/**
 * The steps, in the order of the config's sections. A section the config leaves out is still asked when
 * nothing answers it (a prefilled package or date, or a catalog of one package), last.
 */
export function stepsOf(config: ConfigDocument, answered: { package: boolean; date: boolean }): Step[] {
  const steps: Step[] = [];
  for (const section of config.widget.sections) {
    if (section === 'packages') steps.push('package');
    else if (section === 'calendar') steps.push('date');
    else steps.push('details', 'summary');
  }
  if (!steps.includes('package') && !answered.package) steps.push('package');
  if (!steps.includes('date') && !answered.date) steps.push('date');
  if (!steps.includes('details')) steps.push('details', 'summary');
  return steps;
}

export function App({ boot, api, defaults }: { boot: WidgetBoot; api: WidgetApi; defaults: ConfigDocument }) {
  const [config, setConfig] = useState<ConfigDocument>(boot.config ?? defaults);
  const [packages, setPackages] = useState<Package[] | null>(boot.packages as Package[] | null);
  const [packagesFailed, setPackagesFailed] = useState(false);
  const [session, setSession] = useState<string | null>(boot.session);
  const [previewToken, setPreviewToken] = useState<string | null>(null);
  const [refreshCount, setRefreshCount] = useState(0);

  const [packageSlug, setPackageSlug] = useState<string | null>(boot.prefill.package ?? null);
  const [addOnIds, setAddOnIds] = useState<string[]>([]);
  const [date, setDate] = useState<string | null>(null);
  const [month, setMonth] = useState(monthOf(boot.prefill.date && boot.prefill.date >= boot.today ? boot.prefill.date : boot.today));
  const [unavailable, setUnavailable] = useState<Map<string, string> | null>(null);
  const [availabilityFailed, setAvailabilityFailed] = useState(false);
  const [details, setDetails] = useState<Details>({
    name: boot.prefill.name ?? '',
    email: boot.prefill.email ?? '',
    phone: boot.prefill.phone ?? '',
    notes: boot.prefill.notes ?? '',
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [stepIndex, setStepIndex] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  const [started, setStarted] = useState<CheckoutStarted | null>(null);
  const idempotencyKey = useRef<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const lastDay = lastBookableDay(boot.today);
  const preview: Preview | null = boot.previewVersionId
    ? { versionId: boot.previewVersionId }
    : boot.previewProposalId
      ? { proposalId: boot.previewProposalId }
      : null;

  const visible = packages ?? [];
  const chosen = visible.find((p) => p.slug === packageSlug) ?? null;
  const features = config.widget.features;
  const steps = stepsOf(config, { package: !!chosen && (!!boot.prefill.package || visible.length === 1), date: !!boot.prefill.date });
  const step = steps[Math.min(stepIndex, steps.length - 1)];

  useEffect(() => applyTheme(config), [config]);

  // When the catalog is first on screen (the frame after the render that has it): for integrators' and the
  // benchmark's timing (performance.getEntriesByName('mais:packages-visible')).
  useEffect(() => {
    if (packages && performance.getEntriesByName('mais:packages-visible').length === 0) {
      requestAnimationFrame(() => performance.mark('mais:packages-visible'));
    }
  }, [packages]);

  // A catalog of one package, or none chosen where the config asks no package: the first one shown.
  useEffect(() => {
    if (!chosen && visible.length > 0 && (visible.length === 1 || !config.widget.sections.includes('packages'))) setPackageSlug(visible[0].slug);
  }, [packages, config]);

  // The month's availability: again after a refresh, a lost date, or another month.
  useEffect(() => {
    if (session) return;
    const abort = new AbortController();
    setUnavailable(null);
    setAvailabilityFailed(false);
    api.unavailableDays(month, boot.today, lastDay, abort.signal).then(
      (days) => {
        setUnavailable(days);
        // A prefilled date is chosen once its month says it is free.
        if (boot.prefill.date && !date && monthOf(boot.prefill.date) === month && !days.has(boot.prefill.date) && boot.prefill.date >= boot.today) {
          setDate(boot.prefill.date);
        }
        if (date && monthOf(date) === month && days.has(date)) setDate(null);
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setAvailabilityFailed(!!error);
      },
    );
    return () => abort.abort();
  }, [month, refreshCount, session]);

  const loadConfig = async (token: string | null) => {
    try {
      setConfig(await api.config(preview, token));
      // A previewed version also decides which packages show, in which order: its catalog comes with it.
      if (preview && token) setPackages(await api.packages(preview, token));
    } catch {
      // The widget keeps working with the config it has (the defaults at worst).
    }
  };

  const refresh = async () => {
    setRefreshCount((n) => n + 1);
    const [, catalog] = await Promise.allSettled([loadConfig(previewToken), api.packages(preview, previewToken)]);
    if (catalog.status === 'fulfilled') {
      setPackages(catalog.value);
      setPackagesFailed(false);
    } else if (!packages) setPackagesFailed(true);
  };

  useEffect(() => {
    if (!packages) void refresh();
    if (preview && !isEmbedded(boot.parentOrigin)) void loadConfig(null);
    if (preview) postToParent(boot.parentOrigin, { type: 'mais:preview-ready' });
  }, []);

  useEffect(
    () =>
      onParentMessage(boot.parentOrigin, (message) => {
        if (message.type === 'mais:refresh') void refresh();
        // Only a page of this origin (the admin console) may hand the widget an admin token.
        else if (message.type === 'mais:preview-token' && preview && boot.parentOrigin === location.origin) {
          setPreviewToken(message.token);
          void loadConfig(message.token);
        }
      }),
    [previewToken, packages],
  );

  // A package that a refresh took away is no longer chosen.
  useEffect(() => {
    if (packages && packageSlug && !chosen) {
      setPackageSlug(null);
      setAddOnIds([]);
      if (stepIndex > steps.indexOf('package')) setNotice('The package you chose is no longer offered. Please choose another.');
    }
  }, [packages]);

  useEffect(() => {
    if (moved.current) heading.current?.focus();
  }, [step, session]);

  if (session) {
    return (
      <Shell boot={boot} config={config} preview={!!preview}>
        <ReturnPage
          api={api}
          sessionId={session}
          parentOrigin={boot.parentOrigin}
          currency={boot.tenant.currency}
          onRestart={() => {
            moved.current = true;
            setSession(null);
            setDate(null);
            setStarted(null);
            setStepIndex(Math.max(0, steps.indexOf('date')));
          }}
        />
      </Shell>
    );
  }

  const go = (target: Step | number) => {
    moved.current = true;
    setNotice(null);
    setStepIndex(typeof target === 'number' ? target : Math.max(0, steps.indexOf(target)));
  };
  const next = () => {
    if (step === 'package' && !chosen) return setNotice('Please choose a package.');
    if (step === 'date' && !date) return setNotice('Please choose a date.');
    if (step === 'details') {
      const errors = validateDetails(details, features.customerNotes);
      setFieldErrors(errors);
      if (Object.keys(errors).length > 0) return setNotice('Please check the highlighted fields.');
    }
    go(stepIndex + 1);
  };
  const chosenAddOns: AddOn[] = chosen && features.addOns ? chosen.addOns.filter((a) => addOnIds.includes(a.id)) : [];
  const totalCents = chosen ? chosen.basePriceCents + chosenAddOns.reduce((sum, a) => sum + a.priceCents, 0) : 0;

  const pay = async () => {
    if (!chosen) return go('package');
    if (!date) return go('date');
    const errors = validateDetails(details, features.customerNotes);
    if (Object.keys(errors).length > 0) {
      setFieldErrors(errors);
      return go('details');
    }
    if (started && started.totalCents === totalCents) return leaveForPayment(started);
    setPaying(true);
    setNotice(null);
    idempotencyKey.current ??= crypto.randomUUID();
    try {
      const result = await api.startCheckout(
        {
          packageSlug: chosen.slug,
          addOnIds: chosenAddOns.map((a) => a.id),
          eventDate: date,
          customer: { name: details.name.trim(), email: details.email.trim(), phone: details.phone.trim() || null },
          notes: features.customerNotes && details.notes.trim() ? details.notes.trim() : undefined,
          metadata: Object.keys(boot.metadata).length > 0 ? boot.metadata : undefined,
          ...returnUrls(boot),
        },
        idempotencyKey.current,
      );
      setStarted(result);
      idempotencyKey.current = null;
      if (result.totalCents !== totalCents) {
        setNotice(`The price is now ${money(result.totalCents, result.currency)}: it changed while you were booking. Please check it before you pay.`);
        setPaying(false);
        return;
      }
      leaveForPayment(result);
    } catch (error) {
      idempotencyKey.current = null;
      setPaying(false);
      if (error instanceof ApiError && error.code === 'DATE_UNAVAILABLE') {
        setDate(null);
        setRefreshCount((n) => n + 1);
        go('date');
        setNotice(`Sorry, ${formatLongDate(date)} was just taken. Please choose another date.`);
        return;
      }
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
        const byField = fieldErrorsOf(error);
        if (Object.keys(byField).length > 0) {
          setFieldErrors(byField);
          go('details');
          setNotice('Please check the highlighted fields.');
          return;
        }
      }
      setNotice(problemMessage(error));
    }
  };

  const leaveForPayment = (result: CheckoutStarted) => {
    setPaying(true);
    if (isEmbedded(boot.parentOrigin)) {
      // The host page's embed.js takes the top window to the payment page (Checkout cannot run in a frame).
      postToParent(boot.parentOrigin, { type: 'mais:checkout', sessionId: result.sessionId, url: result.checkoutUrl });
      return;
    }
    try {
      (window.top ?? window).location.href = result.checkoutUrl;
    } catch {
      window.open(result.checkoutUrl, '_top');
    }
  };

  return (
    <Shell boot={boot} config={config} preview={!!preview}>
      <p class="progress">
        Step {steps.indexOf(step) + 1} of {steps.length}
      </p>
      <h2 ref={heading} tabIndex={-1}>
        {STEP_TITLES[step]}
      </h2>
      <div role="status" aria-live="polite" class={notice ? 'notice' : 'sr-only'}>
        {notice}
      </div>
      {step === 'package' ? (
        <PackageStep
          packages={packages}
          failed={packagesFailed}
          config={config}
          chosen={chosen}
          addOnIds={addOnIds}
          currency={boot.tenant.currency}
          onChoose={(slug) => {
            if (slug !== packageSlug) setAddOnIds([]);
            setPackageSlug(slug);
            setNotice(null);
          }}
          onToggleAddOn={(id) => setAddOnIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]))}
          onRetry={() => void refresh()}
        />
      ) : null}
      {step === 'date' ? (
        <>
          <Calendar
            month={month}
            today={boot.today}
            lastDay={lastDay}
            unavailable={unavailable}
            failed={availabilityFailed}
            selected={date}
            onSelect={(d) => {
              setDate(d);
              setNotice(null);
            }}
            onMonth={(next) => {
              // In the same render as the month: its days are never drawn with another month's availability.
              setUnavailable(null);
              setMonth(next);
            }}
            onRetry={() => setRefreshCount((n) => n + 1)}
          />
          <p class="chosen-date">{date ? `Your date: ${formatLongDate(date)}` : 'No date chosen yet.'}</p>
        </>
      ) : null}
      {step === 'details' ? <DetailsStep details={details} errors={fieldErrors} notes={features.customerNotes} onChange={setDetails} onSubmit={next} /> : null}
      {step === 'summary' && chosen && date ? (
        <Summary pkg={chosen} addOns={chosenAddOns} date={date} details={details} currency={chosen.currency} totalCents={started?.totalCents ?? totalCents} />
      ) : null}
      {/* Each step's button is its own element (keyed): a button re-rendered into a submit button during its own
          click would also submit the next step's form, skipping it. */}
      <div class="actions">
        {stepIndex > 0 ? (
          <button type="button" class="secondary" onClick={() => go(stepIndex - 1)} disabled={paying}>
            Back
          </button>
        ) : (
          <span />
        )}
        {step === 'summary' ? (
          <button key="pay" type="button" class="primary" onClick={() => void pay()} disabled={paying} aria-busy={paying ? 'true' : undefined}>
            {paying ? 'Continue to payment…' : `Continue to payment${chosen ? ` (${money(started?.totalCents ?? totalCents, chosen.currency)})` : ''}`}
          </button>
        ) : step === 'details' ? (
          <button key="submit" type="submit" form="details" class="primary">
            Continue
          </button>
        ) : (
          <button key={`next-${step}`} type="button" class="primary" onClick={next}>
            Continue
          </button>
        )}
      </div>
    </Shell>
  );
}

/** Where the payment page sends the customer: back to the host page when embedded there, else to this page. */
function returnUrls(boot: WidgetBoot): { successUrl: string; cancelUrl: string } {
  const page = new URL(location.href);
  const base = boot.returnUrl ?? `${page.origin}/widget?${new URLSearchParams({ tenant: boot.tenant.slug }).toString()}`;
  const withSession = (url: string) => `${url.split('#')[0]}${url.includes('?') ? '&' : '?'}mais_session={CHECKOUT_SESSION_ID}`;
  return { successUrl: withSession(base), cancelUrl: withSession(base) };
}

function fieldErrorsOf(error: ApiError): FieldErrors {
  const byField: FieldErrors = {};
  for (const item of error.problem?.errors ?? []) {
    const field = item.field.replace(/^customer\./, '');
    if (field === 'name' || field === 'email' || field === 'phone' || field === 'notes') byField[field] = item.message;
  }
  return byField;
}

function Shell(props: { boot: WidgetBoot; config: ConfigDocument; preview: boolean; children: ComponentChildren }) {
  const { branding } = props.config;
  return (
    <div class="widget">
      <header>
        {branding.logoUrl ? <img class="logo" src={branding.logoUrl} alt="" /> : null}
        <h1>{props.boot.tenant.name}</h1>
        {props.preview ? <span class="badge">Preview</span> : null}
      </header>
      {props.children}
    </div>
  );
}

interface PackageStepProps {
  packages: Package[] | null;
  failed: boolean;
  config: ConfigDocument;
  chosen: Package | null;
  addOnIds: string[];
  currency: string;
  onChoose(slug: string): void;
  onToggleAddOn(id: string): void;
  onRetry(): void;
}

function PackageStep(props: PackageStepProps) {
  const { packages, config, chosen } = props;
  const { showPrices, addOns } = config.widget.features;
  const groups = useMemo(() => groupByTier(packages ?? [], config.display.groupByTier), [packages, config]);
  if (!packages) {
    return props.failed ? (
      <p class="error" role="alert">
        The packages could not be loaded.{' '}
        <button type="button" class="link" onClick={props.onRetry}>
          Try again
        </button>
      </p>
    ) : (
      <p role="status">Loading packages…</p>
    );
  }
  if (packages.length === 0) return <p>No packages are offered at the moment.</p>;
  return (
    <>
      {groups.map((group) => (
        <section key={group.tier ?? ''} class="tier" aria-label={group.tier ?? undefined}>
          {group.tier !== null && config.display.groupByTier ? <h3 class="tier-name">{group.tier}</h3> : null}
          <ul class="packages">
            {group.items.map((pkg) => (
              <li key={pkg.id} class={pkg.featured ? 'featured' : undefined}>
                <button
                  type="button"
                  class={`package${pkg.id === chosen?.id ? ' selected' : ''}`}
                  aria-pressed={pkg.id === chosen?.id}
                  aria-describedby={pkg.description ? `desc-${pkg.id}` : undefined}
                  onClick={() => props.onChoose(pkg.slug)}
                >
                  {pkg.photoUrl ? <img src={pkg.photoUrl} alt="" loading="lazy" /> : null}
                  <span class="package-name">{pkg.name}</span>
                  {pkg.featured ? <span class="badge">Featured</span> : null}
                  {showPrices ? <span class="price">{money(pkg.basePriceCents, pkg.currency)}</span> : null}
                </button>
                {pkg.description ? (
                  <p class="description" id={`desc-${pkg.id}`}>
                    {pkg.description}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {chosen && addOns && chosen.addOns.length > 0 ? (
        <fieldset class="addons">
          <legend>Add to {chosen.name}</legend>
          {chosen.addOns.map((addOn) => (
            <label key={addOn.id} class="addon">
              <input type="checkbox" checked={props.addOnIds.includes(addOn.id)} onChange={() => props.onToggleAddOn(addOn.id)} />
              <span>
                {addOn.name}
                {showPrices ? <span class="price"> +{money(addOn.priceCents, chosen.currency)}</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

/** Consecutive packages of one tier (the API already orders them by tier when the config groups them). */
function groupByTier(packages: Package[], grouped: boolean): { tier: string | null; items: Package[] }[] {
  if (!grouped) return [{ tier: null, items: packages }];
  const groups: { tier: string | null; items: Package[] }[] = [];
  for (const pkg of packages) {
    const last = groups[groups.length - 1];
    if (last && last.tier === pkg.tier) last.items.push(pkg);
    else groups.push({ tier: pkg.tier, items: [pkg] });
  }
  return groups;
}

function DetailsStep(props: { details: Details; errors: FieldErrors; notes: boolean; onChange(details: Details): void; onSubmit(): void }) {
  const { details, errors } = props;
  const field = (name: keyof Details, label: string, input: InputHTMLAttributes, optional = false) => (
    <div class="field">
      <label for={`f-${name}`}>
        {label}
        {optional ? <span class="optional"> (optional)</span> : null}
      </label>
      <input
        id={`f-${name}`}
        name={name}
        value={details[name]}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={errors[name] ? `e-${name}` : undefined}
        onInput={(e) => props.onChange({ ...details, [name]: (e.currentTarget as HTMLInputElement).value })}
        {...input}
      />
      {errors[name] ? (
        <p class="field-error" id={`e-${name}`}>
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <form
      id="details"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {field('name', 'Name', { autoComplete: 'name', required: true, maxLength: 200 })}
      {field('email', 'Email', { type: 'email', autoComplete: 'email', required: true, maxLength: 254 })}
      {field('phone', 'Phone', { type: 'tel', autoComplete: 'tel', maxLength: 40 }, true)}
      {props.notes ? (
        <div class="field">
          <label for="f-notes">
            Notes<span class="optional"> (optional)</span>
          </label>
          <textarea
            id="f-notes"
            name="notes"
            rows={3}
            maxLength={2000}
            value={details.notes}
            onInput={(e) => props.onChange({ ...details, notes: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        </div>
      ) : null}
    </form>
  );
}

function Summary(props: { pkg: Package; addOns: AddOn[]; date: string; details: Details; currency: string; totalCents: number }) {
  const { pkg, addOns, currency } = props;
  return (
    <div class="summary">
      <dl>
        <dt>Date</dt>
        <dd>{formatLongDate(props.date)}</dd>
        <dt>Name</dt>
        <dd>{props.details.name}</dd>
        <dt>Email</dt>
        <dd>{props.details.email}</dd>
      </dl>
      <table class="lines">
        <caption class="sr-only">Your booking</caption>
        <tbody>
          <tr>
            <th scope="row">{pkg.name}</th>
            <td>{money(pkg.basePriceCents, currency)}</td>
          </tr>
          {addOns.map((addOn) => (
            <tr key={addOn.id}>
              <th scope="row">{addOn.name}</th>
              <td>{money(addOn.priceCents, currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="total">{money(props.totalCents, currency)}</td>
          </tr>
        </tfoot>
      </table>
      <p class="hint">You pay on the secure payment page; the date is held for you while you do.</p>
    </div>
  );
}
