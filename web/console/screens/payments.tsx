import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../shared/api';
import type { ConsoleApi } from '../session';
import { errorText, formatDateTime, Status, useLoad } from '../ui';

type PaymentAccount = Schemas['PaymentAccountDto'];

/**
 * Whether the business can take payments, what its provider still needs, and the way to finish onboarding.
 * Stripe's onboarding sends the admin back to `#/settings/payments`; an expired link to `#/settings/payments/refresh`,
 * which asks for a new link at once (as Stripe's refresh_url should).
 */
export function PaymentsPanel({ api, refresh }: { api: ConsoleApi; refresh: boolean }) {
  const account = useLoad(() => api.get<PaymentAccount>('/v1/admin/payments'), [api]);
  const [state, setState] = useState<{ error: string | null; busy: boolean }>({ error: null, busy: false });

  const onboard = async () => {
    setState({ error: null, busy: true });
    try {
      const link = await api.post<Schemas['OnboardingLinkDto']>('/v1/admin/payments/onboarding');
      location.assign(link.url);
    } catch (error) {
      setState({ error: errorText(error), busy: false });
    }
  };
  useEffect(() => {
    if (refresh) void onboard();
  }, [refresh]);

  const data = account.data;
  return (
    <section class="panel" aria-labelledby="payments-title" id="payments">
      <h2 id="payments-title">Payments</h2>
      <Status loading={account.loading && !data} error={state.error ?? account.error} />
      {data ? (
        <>
          <p>
            {data.ready ? (
              <strong class="status-paid">Ready to take payments.</strong>
            ) : (
              <strong class="status-refunded">Not taking payments: the widget tells customers to contact you.</strong>
            )}{' '}
            {data.provider === 'simulated' ? 'Payments are simulated here: no money moves.' : null}
          </p>
          {data.missing.length > 0 ? (
            <ul>
              {data.missing.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
          <p class="muted">
            {data.accountId ? (
              <>
                Connected account <code>{data.accountId}</code>
                {data.updatedAt ? `, last reported ${formatDateTime(data.updatedAt)}` : ', nothing reported by the provider yet'}.
              </>
            ) : (
              'No connected account yet.'
            )}
          </p>
          <button type="button" class={data.ready ? 'secondary' : 'primary'} disabled={state.busy} onClick={() => void onboard()}>
            {state.busy
              ? 'Opening onboarding…'
              : !data.accountId || data.disconnectedAt
                ? 'Set up payments'
                : data.ready
                  ? 'Review payment details'
                  : 'Continue onboarding'}
          </button>
        </>
      ) : null}
    </section>
  );
}
