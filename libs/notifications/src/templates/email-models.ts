/** How the tenant looks in its emails. Colors and logo are checked at render time, never trusted. */
export interface EmailBranding {
  name: string;
  /** `#rrggbb`; anything else falls back to the default. */
  primaryColor?: string | null;
  /** `#rrggbb`; anything else falls back to the default. */
  secondaryColor?: string | null;
  /** Shown only if it is an https URL. */
  logoUrl?: string | null;
}

export interface EmailCustomer {
  name: string;
  email: string;
  phone?: string | null;
}

export interface EmailLineItem {
  name: string;
  priceCents: number;
}

/** What every email about one booking shows. */
export interface BookingEmailModel {
  tenant: EmailBranding;
  customer: EmailCustomer;
  bookingId: string;
  /** YYYY-MM-DD, the event's calendar day. */
  eventDate: string;
  lineItems: readonly EmailLineItem[];
  totalCents: number;
  /** ISO 4217 code, either case ("usd", "EUR"). */
  currency: string;
}

/** To the customer, once the payment became a booking. */
export type BookingConfirmedEmailModel = BookingEmailModel;

/** To the tenant's admins, for each new booking. */
export interface BookingNewTenantEmailModel extends BookingEmailModel {
  /** The platform's commission on this booking; when given, the payout is shown too. */
  commissionCents?: number | null;
  /** Link to the booking in the admin app (http or https only). */
  adminUrl?: string | null;
}

/**
 * To the customer whose payment could not become a booking: it arrived after the date was taken, or (with
 * `paymentMismatch`) it was not the booking's price. Either way the payment was refunded.
 */
export interface PaymentRefundedDateTakenEmailModel {
  tenant: EmailBranding;
  /** A failed checkout may not know the customer's name. */
  customer: { name?: string | null; email: string };
  eventDate: string;
  refundCents: number;
  currency: string;
  /** Something support can look the case up by (the booking failure id). */
  reference: string;
  /** The amount or currency paid was not the booking's price (default: the date was taken). */
  paymentMismatch?: boolean;
}

/** To the customer, when the booking was cancelled. */
export interface BookingCancelledEmailModel extends BookingEmailModel {
  /** Amount refunded with the cancellation, if any. */
  refundCents?: number | null;
}

/** To the tenant's admins, when an endpoint failed long enough to be disabled (the auto-disable rule). */
export interface WebhookEndpointDisabledEmailModel {
  tenant: EmailBranding;
  endpointId: string;
  url: string;
  /** The last attempt's error. */
  reason: string;
  /** ISO 8601: the first failure since the endpoint's last success. */
  failingSince: string;
  /** Where the admin can re-enable it (http or https only). */
  consoleUrl?: string | null;
}

/** The model each template renders, keyed by the template names of `@mais/domain`. */
export interface EmailModels {
  'booking-confirmed': BookingConfirmedEmailModel;
  'booking-new-tenant': BookingNewTenantEmailModel;
  'payment-refunded-date-taken': PaymentRefundedDateTakenEmailModel;
  'booking-cancelled': BookingCancelledEmailModel;
  'webhook-endpoint-disabled': WebhookEndpointDisabledEmailModel;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
