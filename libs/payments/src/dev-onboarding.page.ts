import { escapeHtml } from '@mais/domain';
import { SIMULATED_REQUIREMENTS_DUE } from './simulated-payment.provider';

export interface DevOnboardingPageParams {
  accountId: string;
  tenantName: string;
}

/**
 * The simulated Stripe Connect onboarding page: "Complete" and "Leave unfinished" post to the dev onboarding
 * routes, which send the signed `account.updated` Stripe would. Plain forms, no script; every value escaped.
 */
export function renderDevOnboardingPage(params: DevOnboardingPageParams): string {
  const base = `/v1/dev/onboarding/${encodeURIComponent(params.accountId)}`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Payments onboarding · ${escapeHtml(params.tenantName)}</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; background: #f6f7f9; color: #1f2328; margin: 0; }
    main { max-width: 30rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 1px 4px rgba(0,0,0,.1); }
    .banner { background: #fff4d6; border-radius: 6px; padding: .5rem .75rem; font-size: .875rem; }
    h1 { font-size: 1.375rem; margin: 1rem 0 .5rem; } code { word-break: break-all; }
    .actions { display: flex; gap: .75rem; margin-top: 1.5rem; } .actions form { flex: 1; }
    button { width: 100%; font: inherit; padding: .625rem; border-radius: 6px; border: 1px solid #d0d7de; cursor: pointer; background: #fff; }
    .complete { background: #635bff; border-color: #635bff; color: #fff; }
  </style>
</head>
<body>
  <main>
    <p class="banner">Simulated onboarding: no Stripe account is created and no identity is checked.</p>
    <h1>Set up payments for ${escapeHtml(params.tenantName)}</h1>
    <p>Connected account <code>${escapeHtml(params.accountId)}</code>.</p>
    <p>Completing sends <code>account.updated</code> with charges enabled. Leaving it unfinished sends it with charges disabled
      and these requirements due: ${SIMULATED_REQUIREMENTS_DUE.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ')}, so checkout
      answers <code>PAYMENTS_NOT_READY</code> until onboarding is completed.</p>
    <div class="actions">
      <form method="post" enctype="text/plain" action="${escapeHtml(`${base}/complete`)}"><button type="submit" class="complete">Complete onboarding</button></form>
      <form method="post" enctype="text/plain" action="${escapeHtml(`${base}/abandon`)}"><button type="submit">Leave unfinished</button></form>
    </div>
  </main>
</body>
</html>
`;
}
