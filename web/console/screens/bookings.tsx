import { useEffect, useRef, useState } from 'preact/hooks';
import type { Schemas } from '../../shared/api';
import type { Tenant } from '../app';
import { type ConsoleApi, query } from '../session';
import { errorText, Field, formatDateTime, money, Page, Status, useLoad } from '../ui';

type Booking = Schemas['BookingDto'];
type BookingPage = Schemas['BookingPageDto'];
const STATUSES = ['PAID', 'CANCELLED', 'REFUNDED'] as const;

type Filters = {
  from: string;
  to: string;
  status: string;
  q: string;
};

/** Bookings with filters, paged by cursor ("Load more" copes with thousands), and the filtered list as CSV. */
export function BookingsScreen({ api }: { api: ConsoleApi; tenant: Tenant }) {
  const [draft, setDraft] = useState<Filters>({ from: '', to: '', status: '', q: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [later, setLater] = useState<Booking[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [exportError, setExportError] = useState<string | null>(null);

  // The first page of the filters now: an answer for filters since changed is dropped (useLoad), never shown.
  const first = useLoad(() => api.get<BookingPage>(`/v1/admin/bookings${query({ ...filters, limit: 50 })}`), [filters, api]);
  useEffect(() => {
    setLater([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  const current = useRef(filters);
  current.current = filters;
  const loadMore = async () => {
    if (!cursor) return;
    const asked = filters;
    setMore({ busy: true, error: null });
    try {
      const page = await api.get<BookingPage>(`/v1/admin/bookings${query({ ...filters, limit: 50, cursor })}`);
      // A page of filters the admin has since changed belongs to no list on screen.
      if (current.current !== asked) return setMore({ busy: false, error: null });
      setLater((previous) => [...previous, page.items]);
      setCursor(page.nextCursor ?? null);
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error: errorText(error) });
    }
  };
  const bookings = [...(first.data?.items ?? []), ...later.flat()];
  // The first page on screen, usable: for the benchmark (performance.getEntriesByName('mais:bookings-ready')).
  useEffect(() => {
    if (!first.loading && performance.getEntriesByName('mais:bookings-ready').length === 0) {
      requestAnimationFrame(() => performance.mark('mais:bookings-ready'));
    }
  }, [first.loading]);
  const set = (name: keyof Filters) => (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value });

  return (
    <Page
      title="Bookings"
      actions={
        <button
          type="button"
          class="secondary"
          onClick={() =>
            api.download(`/v1/admin/bookings/export${query(filters)}`, 'bookings.csv').then(
              () => setExportError(null),
              (e) => setExportError(errorText(e)),
            )
          }
        >
          Export CSV
        </button>
      }
    >
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <Field id="f-from" label="From">
          {(a) => <input {...a} type="date" value={draft.from} onInput={set('from')} />}
        </Field>
        <Field id="f-to" label="To">
          {(a) => <input {...a} type="date" value={draft.to} onInput={set('to')} />}
        </Field>
        <Field id="f-status" label="Status">
          {(a) => (
            <select {...a} value={draft.status} onChange={set('status')}>
              <option value="">Any</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="f-q" label="Customer">
          {(a) => <input {...a} type="search" placeholder="Name or email" value={draft.q} onInput={set('q')} />}
        </Field>
        <button type="submit" class="primary">
          Filter
        </button>
      </form>
      <Status loading={first.loading} error={first.error ?? exportError} />
      {!first.loading && bookings.length === 0 && !first.error ? <p>No bookings match.</p> : null}
      {bookings.length > 0 ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Table (scrolls sideways on a small screen)">
          <table class="list">
            <caption class="sr-only">Bookings, by event date</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Customer</th>
                <th scope="col">Package</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {bookings.map((b) => (
                <tr key={b.id}>
                  <td>
                    <a href={`#/bookings/${b.id}`}>{b.eventDate}</a>
                  </td>
                  <td>
                    {b.customer.name}
                    <br />
                    <span class="muted">{b.customer.email}</span>
                  </td>
                  <td>{b.lineItems.find((item) => item.kind === 'PACKAGE')?.name ?? '—'}</td>
                  <td class="num">{money(b.totalCents, b.currency)}</td>
                  <td>
                    <span class={`badge status-${b.status.toLowerCase()}`}>{b.status.toLowerCase()}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {cursor ? (
        <p>
          <button type="button" class="secondary" onClick={() => void loadMore()} disabled={more.busy}>
            {more.busy ? 'Loading…' : 'Load more'}
          </button>
        </p>
      ) : null}
      <Status error={more.error} />
    </Page>
  );
}

/** One booking: what was sold, to whom, for how much, how it was paid, where the customer came from; cancel with a refund. */
export function BookingDetail({ api, id }: { api: ConsoleApi; id: string }) {
  const booking = useLoad(() => api.get<Booking>(`/v1/admin/bookings/${id}`), [id, api]);
  const [confirming, setConfirming] = useState(false);
  const [refund, setRefund] = useState(true);
  const [result, setResult] = useState<{ busy: boolean; error: string | null; done: string | null }>({ busy: false, error: null, done: null });
  const b = booking.data;

  const cancel = async () => {
    setResult({ busy: true, error: null, done: null });
    try {
      const cancelled = await api.post<Booking>(`/v1/admin/bookings/${id}/cancel`, { refund });
      setResult({
        busy: false,
        error: null,
        done:
          cancelled.status === 'REFUNDED'
            ? `Cancelled and refunded: ${money(cancelled.totalCents, cancelled.currency)} goes back to the customer.`
            : 'Cancelled, without a refund.',
      });
      setConfirming(false);
      booking.reload();
    } catch (error) {
      setResult({ busy: false, error: errorText(error), done: null });
    }
  };

  return (
    <Page title={b ? `Booking for ${b.eventDate}` : 'Booking'} actions={<a href="#/bookings">All bookings</a>}>
      <Status loading={booking.loading && !b} error={booking.error} notice={result.done} />
      {b ? (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <span class={`badge status-${b.status.toLowerCase()}`}>{b.status.toLowerCase()}</span>
            </dd>
            <dt>Customer</dt>
            <dd>
              {b.customer.name}, {b.customer.email}
              {b.customer.phone ? `, ${b.customer.phone}` : ''}
            </dd>
            <dt>Notes</dt>
            <dd>{b.notes ?? '—'}</dd>
            <dt>Commission</dt>
            <dd>
              {money(b.commissionCents, b.currency)} ({b.commissionPercent} %)
            </dd>
            <dt>Payment</dt>
            <dd>
              <code>{b.checkoutSessionId}</code>
              {b.paymentIntentId ? (
                <>
                  {' '}
                  / <code>{b.paymentIntentId}</code>
                </>
              ) : null}
            </dd>
            <dt>Booked</dt>
            <dd>{formatDateTime(b.createdAt)}</dd>
            {b.cancelledAt ? (
              <>
                <dt>Cancelled</dt>
                <dd>{formatDateTime(b.cancelledAt)}</dd>
              </>
            ) : null}
            {b.refundedAt ? (
              <>
                <dt>Refunded</dt>
                <dd>{formatDateTime(b.refundedAt)}</dd>
              </>
            ) : null}
            <dt>Came from</dt>
            <dd>
              {Object.keys(b.metadata).length === 0
                ? '—'
                : Object.entries(b.metadata).map(([key, value]) => (
                    <span key={key} class="tag">
                      {key}: {value}
                    </span>
                  ))}
            </dd>
          </dl>
          <table class="list">
            <caption>What was sold</caption>
            <tbody>
              {b.lineItems.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{item.name}</th>
                  <td class="num">{money(item.priceCents, b.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td class="num">{money(b.totalCents, b.currency)}</td>
              </tr>
            </tfoot>
          </table>
          {b.status === 'PAID' && !confirming ? (
            <p>
              <button type="button" class="danger" onClick={() => setConfirming(true)}>
                Cancel booking…
              </button>
            </p>
          ) : null}
          {confirming ? (
            <div class="confirm" role="group" aria-labelledby="confirm-title">
              <h2 id="confirm-title">Cancel the booking for {b.eventDate}?</h2>
              <label class="check">
                <input type="checkbox" checked={refund} onChange={(e) => setRefund(e.currentTarget.checked)} /> Refund {money(b.totalCents, b.currency)} in full
              </label>
              <ul>
                <li>The date becomes available again in the widget.</li>
                <li>
                  {b.customer.name} and you get an email saying it is cancelled{refund ? ' and refunded' : ''}.
                </li>
                <li>The event is removed from the connected Google Calendar.</li>
              </ul>
              <button type="button" class="danger" onClick={() => void cancel()} disabled={result.busy}>
                {result.busy ? 'Cancelling…' : refund ? 'Cancel and refund' : 'Cancel without refund'}
              </button>{' '}
              <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                Keep the booking
              </button>
              <Status error={result.error} />
            </div>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
