import { useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../shared/api';
import type { Tenant } from '../app';
import type { ConsoleApi } from '../session';
import { errorText, Field, formatDateTime, Page, Status, useLoad } from '../ui';
import { PaymentsPanel } from './payments';

/**
 * The payment account (status, onboarding), the embed snippet to copy, the keys (rotation shows the new secret once), the Google Calendar connection
 * (credentials, status, sync now) and, for platform admins, the payment events that failed, with replay.
 */
export function SettingsScreen({ api, tenant, section }: { api: ConsoleApi; tenant: Tenant; section?: string[] }) {
  const calendar = useLoad(() => api.get<Schemas['CalendarSettingsDto']>('/v1/admin/calendar'), [api]);
  const [state, setState] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });
  const [rotating, setRotating] = useState(false);
  const [newKeys, setNewKeys] = useState<Schemas['TenantKeysDto'] | null>(null);
  const [credentials, setCredentials] = useState({ calendarId: '', serviceAccountJson: '' });
  const [credentialErrors, setCredentialErrors] = useState<Record<string, string>>({});
  const snippet = `<script src="${location.origin}/embed.js" data-tenant="${tenant.slug}" async></script>`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setState({ error: null, notice: 'Copied. Paste it where the widget should appear on your site.' });
    } catch {
      setState({ error: 'The browser did not allow copying: select the snippet and copy it.', notice: null });
    }
  };
  const sync = async () => {
    try {
      await api.post('/v1/admin/calendar/sync');
      setState({ error: null, notice: 'Sync started: busy days from your calendar show in the widget in a moment.' });
      calendar.reload();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };

  const rotate = async () => {
    try {
      const answer = await api.post<Schemas['RotatedKeysDto']>('/v1/admin/tenant/rotate-keys');
      setNewKeys(answer.keys);
      setRotating(false);
      setState({ error: null, notice: null });
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };
  const connect = async (e: Event) => {
    e.preventDefault();
    try {
      await api.put('/v1/admin/calendar', credentials);
      setCredentials({ calendarId: '', serviceAccountJson: '' });
      setCredentialErrors({});
      setState({ error: null, notice: 'Google Calendar connected.' });
      calendar.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setCredentialErrors(error.fieldErrors);
      setState({ error: errorText(error), notice: null });
    }
  };
  const disconnect = async () => {
    try {
      await api.delete('/v1/admin/calendar');
      setState({ error: null, notice: 'Google Calendar disconnected; its credentials are deleted.' });
      calendar.reload();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };

  return (
    <Page title="Settings">
      <Status error={state.error} notice={state.notice} />
      <PaymentsPanel api={api} refresh={section?.[0] === 'payments' && section[1] === 'refresh'} />
      <section class="panel" aria-labelledby="embed-title">
        <h2 id="embed-title">Put the widget on your site</h2>
        <label for="snippet">Embed snippet</label>
        <textarea id="snippet" readOnly rows={2} value={snippet} onFocus={(e) => e.currentTarget.select()} />
        <p>
          <button type="button" class="primary" onClick={() => void copy()}>
            Copy snippet
          </button>{' '}
          <a href={`/widget?tenant=${tenant.slug}`} target="_blank" rel="noopener">
            Open the widget
          </a>
        </p>
        <p class="muted">
          Add <code>data-mode="popup"</code> (and <code>data-mais-open</code> on any button) or <code>data-mode="floating"</code> for the other modes. Public
          key: <code>{tenant.publicKey}</code>
        </p>
      </section>
      <section class="panel" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <p>
          The public key (in every widget page): <code>{newKeys?.publicKey ?? tenant.publicKey}</code>. The secret key is for your agents and servers only.
        </p>
        {newKeys ? (
          <div class="panel warning" role="alert">
            <h3>New secret key: shown once</h3>
            <p>Copy it now and give it to your agents; it cannot be shown again. The old keys no longer work.</p>
            <p>
              <code>{newKeys.secretKey}</code>
            </p>
            <button type="button" class="secondary" onClick={() => setNewKeys(null)}>
              I have copied it
            </button>
          </div>
        ) : rotating ? (
          <div class="confirm" role="group" aria-labelledby="rotate-title">
            <h3 id="rotate-title">Rotate the keys?</h3>
            <p>Agents using the current secret key stop working until they get the new one. Widgets keep working.</p>
            <button type="button" class="danger" onClick={() => void rotate()}>
              Rotate the keys
            </button>{' '}
            <button type="button" class="secondary" onClick={() => setRotating(false)}>
              Keep them
            </button>
          </div>
        ) : (
          <button type="button" class="secondary" onClick={() => setRotating(true)}>
            Rotate keys…
          </button>
        )}
      </section>
      <section class="panel" aria-labelledby="calendar-title">
        <h2 id="calendar-title">Google Calendar</h2>
        <Status loading={calendar.loading && !calendar.data} error={calendar.error} />
        {calendar.data ? (
          calendar.data.configured ? (
            <>
              <p>
                Calendar <code>{calendar.data.calendarId}</code>: <strong>{calendar.data.status}</strong>
                {calendar.data.lastError ? ` — ${calendar.data.lastError}` : ''}. Last synced {formatDateTime(calendar.data.lastSyncedAt)}.
              </p>
              <button type="button" class="secondary" onClick={() => void sync()}>
                Sync now
              </button>{' '}
              <button type="button" class="link" onClick={() => void disconnect()}>
                Disconnect
              </button>
            </>
          ) : (
            <p>Not connected: busy days in your calendar are not blocked, and bookings are not added to it.</p>
          )
        ) : null}
        <form onSubmit={connect} noValidate aria-label="Google Calendar credentials">
          <Field
            id="cal-id"
            label="Calendar id"
            error={credentialErrors.calendarId}
            hint="Share the calendar with the service account (make changes to events)."
          >
            {(a) => <input {...a} value={credentials.calendarId} onInput={(e) => setCredentials({ ...credentials, calendarId: e.currentTarget.value })} />}
          </Field>
          <Field id="cal-key" label="Service account key (JSON)" error={credentialErrors.serviceAccountJson}>
            {(a) => (
              <textarea
                {...a}
                rows={3}
                value={credentials.serviceAccountJson}
                onInput={(e) => setCredentials({ ...credentials, serviceAccountJson: e.currentTarget.value })}
              />
            )}
          </Field>
          <button type="submit" class="secondary">
            {calendar.data?.configured ? 'Replace the credentials' : 'Connect'}
          </button>
        </form>
      </section>
      {api.session.role === 'PLATFORM_ADMIN' ? <DeadLetters api={api} /> : null}
    </Page>
  );
}

/** Platform admins: payment events whose processing kept failing, to replay once the cause is fixed. */
function DeadLetters({ api }: { api: ConsoleApi }) {
  const failed = useLoad(() => api.get<Schemas['WebhookEventPageDto']>('/v1/admin/webhooks?status=FAILED&limit=50'), [api]);
  const [state, setState] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });
  const replay = async (id: string) => {
    try {
      await api.post(`/v1/admin/webhooks/${id}/replay`);
      setState({ error: null, notice: 'Replayed: the worker processes it again.' });
      failed.reload();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };
  return (
    <section class="panel" aria-labelledby="dead-title">
      <h2 id="dead-title">Failed payment events (all tenants)</h2>
      <Status loading={failed.loading && !failed.data} error={state.error ?? failed.error} notice={state.notice} />
      {failed.data && failed.data.items.length === 0 ? <p>None: every payment event was processed.</p> : null}
      <ul class="plain">
        {(failed.data?.items ?? []).map((event) => (
          <li key={event.id}>
            <code>{event.providerEventId}</code> {event.type}, {event.attempts} attempts: {event.lastError ?? 'no error recorded'}{' '}
            <button type="button" class="link" onClick={() => void replay(event.id)} aria-label={`Replay ${event.providerEventId}`}>
              Replay
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
