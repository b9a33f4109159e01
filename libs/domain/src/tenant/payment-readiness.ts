import { DomainError } from '../common/domain.error';
import type { Tenant } from './tenant.entity';

export interface PaymentReadiness {
  /** The tenant can take a payment now. */
  ready: boolean;
  /** What stands in the way, in words for the tenant's admins (empty when ready). */
  missing: string[];
}

/**
 * Whether checkout may start for `tenant`. With simulated payments no account is needed; with Stripe, a connected
 * account is. Either way the provider's last word counts: an account disconnected, or one whose charges are not
 * enabled (with its requirements due), cannot take payments; an account nothing was heard about yet can.
 */
export function paymentReadiness(
  tenant: Pick<Tenant, 'stripeAccountId' | 'chargesEnabled' | 'paymentRequirementsDue' | 'paymentsDisabledReason' | 'paymentsDisconnectedAt'>,
  simulated: boolean,
): PaymentReadiness {
  if (tenant.paymentsDisconnectedAt) return { ready: false, missing: ['The payment account was disconnected: connect it again (onboarding)'] };
  if (!tenant.stripeAccountId && !simulated) return { ready: false, missing: ['A connected payment account: start onboarding'] };
  if (tenant.chargesEnabled === false) {
    const missing = tenant.paymentRequirementsDue.map((requirement) => `Stripe needs: ${requirement}`);
    if (missing.length === 0)
      missing.push(`Charges are not enabled on the payment account${tenant.paymentsDisabledReason ? ` (${tenant.paymentsDisabledReason})` : ''}`);
    return { ready: false, missing };
  }
  return { ready: true, missing: [] };
}

/** 409: the tenant cannot take payments yet (or any more); `errors` say what is missing. */
export class PaymentsNotReadyError extends DomainError {
  constructor(missing: string[]) {
    super('PAYMENTS_NOT_READY', 'This business cannot take payments right now', { errors: missing.map((message) => ({ field: 'payments', message })) });
  }
}

type PaymentStatus = Pick<
  Tenant,
  'chargesEnabled' | 'detailsSubmitted' | 'paymentRequirementsDue' | 'paymentsDisabledReason' | 'paymentsDisconnectedAt' | 'paymentStatusAt'
>;

/** The payment status of an account nothing has been heard about yet: it can take payments until the provider says otherwise. */
export function unknownPaymentStatus(): PaymentStatus {
  return {
    chargesEnabled: null,
    detailsSubmitted: null,
    paymentRequirementsDue: [],
    paymentsDisabledReason: null,
    paymentsDisconnectedAt: null,
    paymentStatusAt: null,
  };
}
