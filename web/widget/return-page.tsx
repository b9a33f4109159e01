import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../shared/api';
import { formatLongDate } from './dates';
import { postToParent } from './messaging';
import { money } from './view';
import type { CheckoutStatus, WidgetApi } from './widget-api';

/** How long the page keeps asking before it says the confirmation will come by email. */
const PATIENCE_MS = 120_000;

/** Why a payment was refunded, in words (BookingFailure reasons and CANCELLED). */
const REFUND_REASONS: Record<string, string> = {
  BOOKED: 'Someone else booked this date moments before your payment went through.',
  HELD: 'Someone else booked this date moments before your payment went through.',
  BLACKOUT: 'The business closed this date before your payment went through.',
  CALENDAR_BUSY: 'The business became busy on this date before your payment went through.',
  PAST: 'The date had passed by the time your payment went through.',
  AMOUNT_MISMATCH: 'The amount paid did not match the booking.',
  CURRENCY_MISMATCH: 'The payment was made in another currency than the booking.',
  CANCELLED: 'The business cancelled this booking.',
};

/**
 * After the payment page: the checkout's progress, asked again until the worker has made the booking
 * (or refunded it), then said plainly; `mais:booked` tells the host page once it is confirmed.
 */
export function ReturnPage(props: { api: WidgetApi; sessionId: string; parentOrigin: string | null; currency: string; onRestart(): void }) {
  const [status, setStatus] = useState<CheckoutStatus | null>(null);
  const [failure, setFailure] = useState<'missing' | 'slow' | 'offline' | null>(null);
  const announced = useRef(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const ask = async (attempt: number) => {
      try {
        const answer = await props.api.checkoutStatus(props.sessionId);
        if (stopped) return;
        setStatus(answer);
        setFailure(null);
        if (answer.status !== 'OPEN') return;
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError && error.status === 404) return setFailure('missing');
        setFailure('offline');
      }
      if (Date.now() - started > PATIENCE_MS) return setFailure('slow');
      timer = setTimeout(() => void ask(attempt + 1), Math.min(500 * 1.5 ** attempt, 5_000));
    };
    void ask(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [props.sessionId]);

  useEffect(() => {
    if (status?.status === 'CONFIRMED' && status.bookingId && !announced.current) {
      announced.current = true;
      postToParent(props.parentOrigin, { type: 'mais:booked', bookingId: status.bookingId, eventDate: status.eventDate });
    }
  }, [status]);

  const again = (label: string) => (
    <div class="actions">
      <span />
      <button type="button" class="primary" onClick={props.onRestart}>
        {label}
      </button>
    </div>
  );

  if (failure === 'missing') {
    return (
      <section aria-labelledby="result">
        <h2 id="result" tabIndex={-1}>
          We could not find this booking
        </h2>
        <p>The link may be incomplete. If you paid, your confirmation email has the details.</p>
        {again('Start a booking')}
      </section>
    );
  }
  if (!status || status.status === 'OPEN') {
    return (
      <section aria-labelledby="result">
        <h2 id="result" tabIndex={-1}>
          Confirming your booking…
        </h2>
        <p role="status" class="pending">
          {failure === 'slow'
            ? 'This is taking longer than usual. Your date stays held while the payment is confirmed, and you will get an email as soon as it is.'
            : failure === 'offline'
              ? 'Waiting for the connection to come back…'
              : 'Your payment is being confirmed. This usually takes a few seconds.'}
        </p>
        {status ? <Facts status={status} /> : null}
      </section>
    );
  }
  if (status.status === 'CONFIRMED') {
    return (
      <section aria-labelledby="result">
        <h2 id="result" tabIndex={-1}>
          You're booked!
        </h2>
        <p role="status" class="success">
          Your date is confirmed. A confirmation email is on its way.
        </p>
        <Facts status={status} />
      </section>
    );
  }
  if (status.status === 'REFUNDED') {
    return (
      <section aria-labelledby="result">
        <h2 id="result" tabIndex={-1}>
          Your payment was refunded
        </h2>
        <p role="alert" class="notice">
          {REFUND_REASONS[status.reason ?? ''] ?? 'The booking could not be made.'} Your payment of {money(status.totalCents, status.currency)} has been
          refunded in full; it can take a few days to show on your statement.
        </p>
        <Facts status={status} />
        {again('Choose another date')}
      </section>
    );
  }
  return (
    <section aria-labelledby="result">
      <h2 id="result" tabIndex={-1}>
        The payment was not completed
      </h2>
      <p role="status">Nothing was charged, and the date is no longer held for you.</p>
      <Facts status={status} />
      {again('Start again')}
    </section>
  );
}

function Facts({ status }: { status: CheckoutStatus }) {
  return (
    <dl class="facts">
      <dt>Date</dt>
      <dd>{formatLongDate(status.eventDate)}</dd>
      <dt>Package</dt>
      <dd>{status.packageName}</dd>
      <dt>Total</dt>
      <dd>{money(status.totalCents, status.currency)}</dd>
    </dl>
  );
}
