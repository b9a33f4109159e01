/**
 * What checkout needs from the deployment: how long a hold lasts and where the payment page sends the
 * customer back to. Provided by the API app from its settings.
 */
export abstract class CheckoutOptions {
  /** Hold and checkout-session lifetime (the payment provider may raise it to its own minimum). */
  abstract readonly expiryMinutes: number;
  /** Where the customer lands after paying, unless the request names its own page. `{CHECKOUT_SESSION_ID}` is filled in by Stripe. */
  abstract readonly defaultSuccessUrl: string;
  /** Where the customer lands after abandoning the payment page. */
  abstract readonly defaultCancelUrl: string;
}
