import { useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../shared/api';
import type { ConsoleApi } from '../session';
import { errorText, Field, formatDateTime, Page, Status, useLoad } from '../ui';

type Endpoint = Schemas['WebhookEndpointDto'];
type Delivery = Schemas['WebhookDeliveryDto'];

const EVENTS: { type: Endpoint['events'][number]; label: string }[] = [
  { type: 'booking.created', label: 'A booking is made' },
  { type: 'booking.cancelled', label: 'A booking is cancelled' },
  { type: 'booking.refunded', label: 'A booking is refunded' },
  { type: 'checkout.expired', label: 'A checkout expires unpaid' },
  { type: 'config.published', label: 'The widget configuration is published' },
];

/**
 * The business's webhook endpoints: add one (its signing secret shown once), enable or disable, rotate the
 * secret, remove; and each endpoint's delivery log with every attempt and a redeliver button.
 */
export function WebhooksScreen({ api }: { api: ConsoleApi }) {
  const endpoints = useLoad(() => api.get<Endpoint[]>('/v1/admin/webhook-endpoints'), [api]);
  const [state, setState] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });
  const [form, setForm] = useState<{ url: string; description: string; events: string[] }>({ url: '', description: '', events: ['booking.created'] });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>, notice: string) => {
    try {
      await action();
      setState({ error: null, notice });
      endpoints.reload();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };
  const create = async (event: Event) => {
    event.preventDefault();
    try {
      const created = await api.post<Schemas['WebhookEndpointWithSecretDto']>('/v1/admin/webhook-endpoints', {
        url: form.url.trim(),
        events: form.events,
        description: form.description.trim() || null,
      });
      setSecret({ url: created.url, secret: created.secret });
      setForm({ url: '', description: '', events: ['booking.created'] });
      setFieldErrors({});
      setState({ error: null, notice: null });
      endpoints.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setFieldErrors(error.fieldErrors);
      setState({ error: errorText(error), notice: null });
    }
  };
  const rotate = async (endpoint: Endpoint) => {
    try {
      const rotated = await api.post<Schemas['WebhookEndpointWithSecretDto']>(`/v1/admin/webhook-endpoints/${endpoint.id}/rotate-secret`);
      setSecret({ url: rotated.url, secret: rotated.secret });
      setState({ error: null, notice: null });
      endpoints.reload();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };
  const toggle = (type: string, on: boolean) => setForm({ ...form, events: on ? [...form.events, type] : form.events.filter((e) => e !== type) });

  return (
    <Page title="Webhooks">
      <p class="muted">
        Your systems are told when something happens: a signed POST to each URL below (see the README for checking the <code>MAIS-Signature</code> header).
        Failed deliveries are retried for about 34 hours; an endpoint that fails all that time is disabled and you are emailed.
      </p>
      <Status loading={endpoints.loading && !endpoints.data} error={state.error ?? endpoints.error} notice={state.notice} />
      {secret ? (
        <div class="panel warning" role="alert">
          <h2>Signing secret for {secret.url}: shown once</h2>
          <p>Copy it to the system that receives the events; it cannot be shown again.</p>
          <p>
            <code>{secret.secret}</code>
          </p>
          <button type="button" class="secondary" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      {(endpoints.data ?? []).map((endpoint) => (
        <section class="panel" key={endpoint.id} aria-labelledby={`endpoint-${endpoint.id}`}>
          <h2 id={`endpoint-${endpoint.id}`}>
            <code>{endpoint.url}</code>
          </h2>
          <p>
            <span class={`badge ${endpoint.enabled ? 'status-paid' : 'status-refunded'}`}>{endpoint.enabled ? 'Enabled' : 'Disabled'}</span>{' '}
            {endpoint.events.map((type) => (
              <span class="tag" key={type}>
                {type}
              </span>
            ))}
            {endpoint.description ? <span class="muted"> {endpoint.description}</span> : null}
          </p>
          {endpoint.disabledReason ? (
            <p class="error">
              Disabled {formatDateTime(endpoint.disabledAt)}: {endpoint.disabledReason}
            </p>
          ) : endpoint.failingSince ? (
            <p class="error">Failing since {formatDateTime(endpoint.failingSince)}; retrying.</p>
          ) : (
            <p class="muted">{endpoint.lastSuccessAt ? `Last delivered ${formatDateTime(endpoint.lastSuccessAt)}.` : 'Nothing delivered yet.'}</p>
          )}
          <p>
            <button
              type="button"
              class="secondary"
              onClick={() =>
                void run(
                  () => api.patch(`/v1/admin/webhook-endpoints/${endpoint.id}`, { enabled: !endpoint.enabled }),
                  endpoint.enabled ? 'Disabled: nothing is sent to it until it is enabled.' : 'Enabled: new events are sent to it.',
                )
              }
            >
              {endpoint.enabled ? 'Disable' : 'Enable'}
            </button>{' '}
            <button type="button" class="secondary" onClick={() => setOpen(open === endpoint.id ? null : endpoint.id)} aria-expanded={open === endpoint.id}>
              {open === endpoint.id ? 'Hide deliveries' : 'Deliveries'}
            </button>{' '}
            <button type="button" class="link" onClick={() => void rotate(endpoint)}>
              Rotate secret
            </button>{' '}
            <button
              type="button"
              class="link"
              onClick={() => void run(() => api.delete(`/v1/admin/webhook-endpoints/${endpoint.id}`), 'Endpoint removed, with its delivery log.')}
              aria-label={`Remove ${endpoint.url}`}
            >
              Remove
            </button>
          </p>
          {open === endpoint.id ? <DeliveryLog api={api} endpoint={endpoint} onChange={endpoints.reload} /> : null}
        </section>
      ))}
      {endpoints.data && endpoints.data.length === 0 ? <p>No endpoint yet.</p> : null}
      <form class="panel" onSubmit={create} noValidate aria-labelledby="add-endpoint-title">
        <h2 id="add-endpoint-title">Add an endpoint</h2>
        <Field id="endpoint-url" label="URL" error={fieldErrors.url} hint="https, reachable from the internet.">
          {(a) => <input {...a} type="url" inputMode="url" value={form.url} onInput={(e) => setForm({ ...form, url: e.currentTarget.value })} />}
        </Field>
        <Field id="endpoint-description" label="Description (optional)" error={fieldErrors.description}>
          {(a) => <input {...a} value={form.description} onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />}
        </Field>
        <fieldset>
          <legend>Events</legend>
          {EVENTS.map((event) => (
            <label class="check" key={event.type}>
              <input type="checkbox" checked={form.events.includes(event.type)} onChange={(e) => toggle(event.type, e.currentTarget.checked)} />
              <span>
                {event.label} <code>{event.type}</code>
              </span>
            </label>
          ))}
          {fieldErrors.events ? <p class="field-error">{fieldErrors.events}</p> : null}
        </fieldset>
        <button type="submit" class="primary">
          Add endpoint
        </button>
      </form>
    </Page>
  );
}

/** The endpoint's deliveries, newest first; `onChange` refreshes the endpoint's health after a redelivery. */
function DeliveryLog({ api, endpoint, onChange }: { api: ConsoleApi; endpoint: Endpoint; onChange(): void }) {
  const log = useLoad(() => api.get<Schemas['WebhookDeliveryPageDto']>(`/v1/admin/webhook-endpoints/${endpoint.id}/deliveries?limit=20`), [api, endpoint.id]);
  const [state, setState] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });
  const redeliver = async (delivery: Delivery) => {
    try {
      await api.post(`/v1/admin/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/redeliver`);
      setState({ error: null, notice: 'Sent again as a new delivery (same event id).' });
      log.reload();
      onChange();
    } catch (error) {
      setState({ error: errorText(error), notice: null });
    }
  };
  return (
    <div>
      <p>
        <button
          type="button"
          class="link"
          onClick={() => {
            log.reload();
            onChange();
          }}
        >
          Refresh the log
        </button>
      </p>
      <Status loading={log.loading && !log.data} error={state.error ?? log.error} notice={state.notice} />
      {log.data && log.data.items.length === 0 ? <p>Nothing sent yet.</p> : null}
      {log.data && log.data.items.length > 0 ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Deliveries (scrolls sideways on a small screen)">
          <table class="list">
            <caption class="sr-only">Deliveries to {endpoint.url}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((delivery) => {
                const last = delivery.attemptLog.at(-1);
                return (
                  <tr key={delivery.id}>
                    <td>{formatDateTime(delivery.createdAt)}</td>
                    <td>
                      {delivery.eventType}
                      {delivery.manual ? <span class="muted"> (redelivery)</span> : null}
                    </td>
                    <td class={delivery.status === 'SUCCEEDED' ? 'status-paid' : delivery.status === 'FAILED' ? 'status-refunded' : undefined}>
                      {delivery.status}
                    </td>
                    <td class="num">{delivery.attempts}</td>
                    <td>
                      {last ? (
                        <>
                          {last.statusCode ?? '—'} in {last.latencyMs} ms{last.error ? `: ${last.error}` : ''}
                          {last.responseSnippet ? <div class="muted">{last.responseSnippet.slice(0, 120)}</div> : null}
                        </>
                      ) : (
                        'waiting'
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="link"
                        onClick={() => void redeliver(delivery)}
                        disabled={!endpoint.enabled}
                        aria-label={`Redeliver ${delivery.eventType} of ${formatDateTime(delivery.createdAt)}`}
                      >
                        Redeliver
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
