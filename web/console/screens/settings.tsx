import { useState } from 'preact/hooks';
import type { Schemas } from '../../shared/api';
import type { Tenant } from '../app';
import type { ConsoleApi } from '../session';
import { errorText, formatDateTime, Page, Status, useLoad } from '../ui';

/** The embed snippet to copy, the public key, and the Google Calendar connection (status and "sync now"). */
export function SettingsScreen({ api, tenant }: { api: ConsoleApi; tenant: Tenant }) {
  const calendar = useLoad(() => api.get<Schemas['CalendarSettingsDto']>('/v1/admin/calendar'), [api]);
  const [state, setState] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });
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

  return (
    <Page title="Settings">
      <Status error={state.error} notice={state.notice} />
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
          Add <code>data-mode="popup"</code> (and <code>data-mais-open</code> on any button) or <code>data-mode="floating"</code> for the other modes.
          Public key: <code>{tenant.publicKey}</code>
        </p>
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
              </button>
            </>
          ) : (
            <p>Not connected. Store a service account's credentials with PUT /v1/admin/calendar (see the API documentation).</p>
          )
        ) : null}
      </section>
    </Page>
  );
}
