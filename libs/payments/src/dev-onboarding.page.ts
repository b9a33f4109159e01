import { escapeHtml } from '@mais/domain';
import { devPage } from './dev-page';
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
  return devPage({
    title: `Payments onboarding · ${params.tenantName}`,
    banner: 'Simulated onboarding: no Stripe account is created and no identity is checked.',
    css: `    main { max-width: 30rem; } code { word-break: break-all; } .actions { margin-top: 1.5rem; }
    .complete { background: #635bff; border-color: #635bff; color: #fff; }`,
    body: `    <h1>Set up payments for ${escapeHtml(params.tenantName)}</h1>
    <p>Connected account <code>${escapeHtml(params.accountId)}</code>.</p>
    <p>Completing sends <code>account.updated</code> with charges enabled. Leaving it unfinished sends it with charges disabled
      and these requirements due: ${SIMULATED_REQUIREMENTS_DUE.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ')}, so checkout
      answers <code>PAYMENTS_NOT_READY</code> until onboarding is completed.</p>
    <div class="actions">
      <form method="post" enctype="text/plain" action="${escapeHtml(`${base}/complete`)}"><button type="submit" class="complete">Complete onboarding</button></form>
      <form method="post" enctype="text/plain" action="${escapeHtml(`${base}/abandon`)}"><button type="submit">Leave unfinished</button></form>
    </div>`,
  });
}
