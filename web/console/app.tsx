import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, callApi, type Schemas } from '../shared/api';
import { AvailabilityScreen } from './screens/availability';
import { BookingDetail, BookingsScreen } from './screens/bookings';
import { CatalogScreen } from './screens/catalog';
import { ProposalReview, ProposalsScreen } from './screens/proposals';
import { SettingsScreen } from './screens/settings';
import { TenantsScreen } from './screens/tenants';
import { WidgetScreen } from './screens/widget-config';
import { WebhooksScreen } from './screens/webhooks';
import { ConsoleApi, loadSession, saveSession, type Session, sessionFrom } from './session';
import { errorText, Field, useLoad } from './ui';

export type Tenant = Schemas['TenantDto'];

/** The console's screens, by the hash of the URL (`#/bookings/<id>`): the server serves one page, /console. */
function useRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || 'bookings').split('/');
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

const NAV: { route: string; label: string; platform?: boolean }[] = [
  { route: 'bookings', label: 'Bookings' },
  { route: 'catalog', label: 'Catalog' },
  { route: 'availability', label: 'Availability' },
  { route: 'widget', label: 'Widget' },
  { route: 'proposals', label: 'Proposals' },
  { route: 'webhooks', label: 'Webhooks' },
  { route: 'settings', label: 'Settings' },
  { route: 'tenants', label: 'Tenants', platform: true },
];

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [signedOutWhy, setSignedOutWhy] = useState<string | null>(null);

  const end = (why: string | null) => {
    saveSession(null);
    setSession(null);
    setSignedOutWhy(why);
  };
  const api = useMemo(() => (session ? new ConsoleApi(session, () => end('Your session has ended. Please sign in again.')) : null), [session]);

  // The token's own expiry, even with no request made.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => end('Your session has ended. Please sign in again.'), Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session]);

  if (!session || !api) {
    return (
      <SignIn
        message={signedOutWhy}
        onSignedIn={(next) => {
          saveSession(next);
          setSignedOutWhy(null);
          setSession(next);
        }}
      />
    );
  }
  return (
    <Shell
      api={api}
      onSignOut={() => end(null)}
      onTenant={(tenantId) => {
        const next = { ...session, tenantId };
        saveSession(next);
        setSession(next);
      }}
    />
  );
}

function SignIn(props: { message: string | null; onSignedIn(session: Session): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const login = await callApi<Schemas['LoginResponseDto']>('/v1/admin/login', { method: 'POST', body: { email, password } });
      props.onSignedIn(sessionFrom(login));
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'The email or password is not right.'
          : failure instanceof ApiError && failure.status === 429
            ? `Too many sign-in attempts. Try again in ${Math.ceil((failure.retryAfterSeconds ?? 60) / 60)} minute(s).`
            : errorText(failure),
      );
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form onSubmit={submit} noValidate>
        <h1 ref={heading} tabIndex={-1}>
          MAIS console
        </h1>
        {props.message ? (
          <p class="notice" role="status">
            {props.message}
          </p>
        ) : null}
        <Field id="email" label="Email">
          {(a) => <input {...a} type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <Field id="password" label="Password">
          {(a) => (
            <input {...a} type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function Shell(props: { api: ConsoleApi; onSignOut(): void; onTenant(tenantId: string | null): void }) {
  const { api } = props;
  const platform = api.session.role === 'PLATFORM_ADMIN';
  const route = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  const tenants = useLoad(() => (platform ? api.get<Tenant[]>('/v1/admin/tenants') : Promise.resolve([])), [api]);
  const own = useLoad(() => (api.session.tenantId ? api.get<Tenant>('/v1/admin/tenant') : Promise.resolve(null)), [api]);
  const tenant = own.data;
  const screen = route[0];
  const needsTenant = screen !== 'tenants';

  useEffect(() => {
    setMenuOpen(false);
    document.getElementById('page-title')?.focus();
  }, [route.join('/')]);

  let body;
  if (screen === 'tenants') {
    body = platform ? <TenantsScreen api={api} onActWithin={props.onTenant} /> : <Forbidden />;
  } else if (!api.session.tenantId) {
    body = <p class="notice">Choose a tenant to act within (above), or manage the tenants.</p>;
  } else if (!tenant) {
    body = own.error ? <p class="error">{own.error}</p> : <p role="status">Loading…</p>;
  } else if (screen === 'bookings' && route[1]) {
    body = <BookingDetail api={api} id={route[1]} />;
  } else if (screen === 'bookings') {
    body = <BookingsScreen api={api} tenant={tenant} />;
  } else if (screen === 'catalog') {
    body = <CatalogScreen api={api} tenant={tenant} />;
  } else if (screen === 'availability') {
    body = <AvailabilityScreen api={api} tenant={tenant} />;
  } else if (screen === 'widget') {
    body = <WidgetScreen api={api} tenant={tenant} />;
  } else if (screen === 'proposals' && route[1]) {
    body = <ProposalReview api={api} id={route[1]} tenant={tenant} />;
  } else if (screen === 'proposals') {
    body = <ProposalsScreen api={api} />;
  } else if (screen === 'settings') {
    body = <SettingsScreen api={api} tenant={tenant} section={route.slice(1)} />;
  } else if (screen === 'webhooks') {
    body = <WebhooksScreen api={api} />;
  } else {
    body = <p>Nothing here. Choose a screen from the menu.</p>;
  }

  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">MAIS</span>
        <span class="tenant-name">{tenant?.name ?? (platform ? 'Platform' : '')}</span>
        <button type="button" class="menu-button secondary" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav id="nav" class={menuOpen ? 'open' : undefined} aria-label="Console">
          <ul>
            {NAV.filter((item) => !item.platform || platform).map((item) => (
              <li key={item.route}>
                <a href={`#/${item.route}`} aria-current={screen === item.route ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {platform && needsTenant ? (
          <label class="tenant-picker">
            <span>Tenant</span>
            <select value={api.session.tenantId ?? ''} onChange={(e) => props.onTenant(e.currentTarget.value || null)}>
              <option value="">Choose…</option>
              {(tenants.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" class="secondary" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main">{body}</main>
    </div>
  );
}

function Forbidden() {
  return (
    <section class="page">
      <h1 id="page-title" tabIndex={-1}>
        Not available
      </h1>
      <p>This screen is for platform admins.</p>
    </section>
  );
}
