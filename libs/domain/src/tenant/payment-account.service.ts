import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant } from '../ports/current-tenant.port';
import { PaymentProvider, type OnboardingLink } from '../ports/payment-provider.port';
import { paymentReadiness, unknownPaymentStatus, type PaymentReadiness } from './payment-readiness';
import { Tenant } from './tenant.entity';

/** The current tenant's payment account, as its admins see it. */
export interface PaymentAccountStatus extends PaymentReadiness {
  provider: 'stripe' | 'simulated';
  accountId: string | null;
  chargesEnabled: boolean | null;
  detailsSubmitted: boolean | null;
  requirementsDue: string[];
  disabledReason: string | null;
  disconnectedAt: Date | null;
  /** When the provider last said something about the account. */
  updatedAt: Date | null;
}

export interface OnboardingStart extends OnboardingLink {
  accountId: string;
  /** A connected account was created for this onboarding (the first one, or after a disconnection). */
  accountCreated: boolean;
}

/**
 * Connect onboarding for the tenant in scope: the account is created on first use (or again after the tenant
 * disconnected it) and stored on the tenant, then a single-use onboarding link is made for it. The provider's
 * events (account.updated, account.application.deauthorized) keep the status current afterwards.
 */
@Injectable()
export class PaymentAccountService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly payments: PaymentProvider,
  ) {}

  async status(): Promise<PaymentAccountStatus> {
    return statusOf(await this.currentTenant.tenant(), this.payments.simulated);
  }

  async startOnboarding(urls: { returnUrl: string; refreshUrl: string }): Promise<OnboardingStart> {
    const tenant = await this.currentTenant.tenant();
    let accountCreated = false;
    if (!tenant.stripeAccountId || tenant.paymentsDisconnectedAt) {
      // One account per connection: a retry (or two admins at once) gets the same one from the provider.
      const idempotencyKey = `connect-account-${tenant.id}-${tenant.paymentsDisconnectedAt?.getTime() ?? 'first'}`;
      const account = await this.payments.createConnectedAccount({ tenantId: tenant.id, idempotencyKey });
      Object.assign(tenant, unknownPaymentStatus(), {
        stripeAccountId: account.accountId,
        chargesEnabled: account.chargesEnabled,
        detailsSubmitted: account.detailsSubmitted,
        paymentRequirementsDue: account.requirementsDue,
      });
      await this.em.flush();
      accountCreated = true;
    }
    const link = await this.payments.createOnboardingLink({ accountId: tenant.stripeAccountId!, ...urls });
    return { ...link, accountId: tenant.stripeAccountId!, accountCreated };
  }
}

export function statusOf(tenant: Tenant, simulated: boolean): PaymentAccountStatus {
  return {
    ...paymentReadiness(tenant, simulated),
    provider: simulated ? 'simulated' : 'stripe',
    accountId: tenant.stripeAccountId,
    chargesEnabled: tenant.chargesEnabled,
    detailsSubmitted: tenant.detailsSubmitted,
    requirementsDue: tenant.paymentRequirementsDue,
    disabledReason: tenant.paymentsDisabledReason,
    disconnectedAt: tenant.paymentsDisconnectedAt,
    updatedAt: tenant.paymentStatusAt,
  };
}
