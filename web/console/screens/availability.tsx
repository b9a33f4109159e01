import { useState } from 'preact/hooks';
import type { Schemas } from '../../shared/api';
import type { Tenant } from '../app';
import { type ConsoleApi, query } from '../session';
import { errorText, Field, Page, Status, useLoad } from '../ui';
import { addDays, addMonths, daysInMonth, formatMonth, weekdayIndex } from '../../widget/dates';

type Blackout = Schemas['BlackoutDto'];
type BookingPage = Schemas['BookingPageDto'];

/** A month of bookings and blackouts; blackouts added for one day or a range, with a reason, and removed. */
/** Bookings, dates held by customers on the payment page, and blackouts, day by day. */
export function AvailabilityScreen({ api }: { api: ConsoleApi; tenant: Tenant }) {
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  const first = `${month}-01`;
  const last = addDays(first, daysInMonth(month) - 1);
  const data = useLoad(async () => {
    const [blackouts, bookings, holds] = await Promise.all([
      api.get<Schemas['BlackoutListDto']>(`/v1/admin/blackouts${query({ from: first, to: last })}`),
      api.get<BookingPage>(`/v1/admin/bookings${query({ from: first, to: last, status: 'PAID', limit: 100 })}`),
      api.get<Schemas['HoldListDto']>(`/v1/admin/holds${query({ from: first, to: last })}`),
    ]);
    return { blackouts: blackouts.items, bookings: bookings.items, holds: holds.items };
  }, [month, api]);
  const [form, setForm] = useState({ from: '', to: '', reason: '' });
  const [result, setResult] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });

  const add = async (e: Event) => {
    e.preventDefault();
    if (!form.from) return setResult({ error: 'Choose the first day.', notice: null });
    const to = form.to || form.from;
    if (to < form.from) return setResult({ error: 'The last day is before the first.', notice: null });
    const days: string[] = [];
    for (let day = form.from; day <= to && days.length < 366; day = addDays(day, 1)) days.push(day);
    try {
      for (const date of days) await api.post<Blackout>('/v1/admin/blackouts', { date, reason: form.reason.trim() || null });
      setResult({ error: null, notice: days.length === 1 ? `${days[0]} is blacked out.` : `${days.length} days blacked out, ${form.from} to ${to}.` });
      setForm({ from: '', to: '', reason: '' });
      data.reload();
    } catch (error) {
      setResult({ error: errorText(error), notice: null });
      data.reload();
    }
  };
  const remove = async (blackout: Blackout) => {
    try {
      await api.delete(`/v1/admin/blackouts/${blackout.id}`);
      setResult({ error: null, notice: `${blackout.date} is open again.` });
      data.reload();
    } catch (error) {
      setResult({ error: errorText(error), notice: null });
    }
  };

  const byDate = new Map<string, string[]>();
  for (const b of data.data?.bookings ?? []) byDate.set(b.eventDate, [...(byDate.get(b.eventDate) ?? []), `Booked: ${b.customer.name}`]);
  for (const h of data.data?.holds ?? []) byDate.set(h.eventDate, [...(byDate.get(h.eventDate) ?? []), `On hold: ${h.customerEmail} paying`]);
  for (const b of data.data?.blackouts ?? []) byDate.set(b.date, [...(byDate.get(b.date) ?? []), `Blackout${b.reason ? `: ${b.reason}` : ''}`]);
  const cells: (string | null)[] = Array.from({ length: weekdayIndex(first) }, () => null);
  for (let i = 0; i < daysInMonth(month); i++) cells.push(addDays(first, i));

  return (
    <Page title="Availability">
      <form class="panel" onSubmit={add} noValidate aria-labelledby="blackout-title">
        <h2 id="blackout-title">Black out days</h2>
        <div class="grid">
          <Field id="b-from" label="First day">
            {(a) => <input {...a} type="date" value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} />}
          </Field>
          <Field id="b-to" label="Last day" hint="Leave empty for one day">
            {(a) => <input {...a} type="date" value={form.to} onInput={(e) => setForm({ ...form, to: e.currentTarget.value })} />}
          </Field>
          <Field id="b-reason" label="Reason">
            {(a) => <input {...a} value={form.reason} maxLength={500} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />}
          </Field>
        </div>
        <button type="submit" class="primary">
          Black out
        </button>
      </form>
      <Status loading={data.loading && !data.data} error={result.error ?? data.error} notice={result.notice} />
      <div class="month-head">
        <button type="button" class="secondary" onClick={() => setMonth(addMonths(month, -1))} aria-label="Previous month">
          ‹
        </button>
        <h2 aria-live="polite">{formatMonth(month)}</h2>
        <button type="button" class="secondary" onClick={() => setMonth(addMonths(month, 1))} aria-label="Next month">
          ›
        </button>
      </div>
      <ol class="month" aria-label={`Days of ${formatMonth(month)}`}>
        {cells.map((date, i) =>
          date ? (
            <li key={date} class={byDate.has(date) ? 'busy' : undefined} data-date={date}>
              <span class="day-number">{Number(date.slice(8))}</span>
              {(byDate.get(date) ?? []).map((line) => (
                <span key={line} class="day-line">
                  {line}
                </span>
              ))}
            </li>
          ) : (
            <li key={`pad-${i}`} class="pad" aria-hidden="true" />
          ),
        )}
      </ol>
      {data.data && data.data.blackouts.length > 0 ? (
        <>
          <h2>Blackouts this month</h2>
          <ul class="plain">
            {data.data.blackouts.map((b) => (
              <li key={b.id}>
                {b.date}
                {b.reason ? ` — ${b.reason}` : ''}{' '}
                <button type="button" class="link" onClick={() => void remove(b)} aria-label={`Remove the blackout of ${b.date}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
