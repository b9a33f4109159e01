import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CheckoutService, CheckoutSessionView, NotFoundError, PaymentProvider, WebhookIngestionService } from '@mais/domain';
import { checkoutReturnUrl, isSimulatedPaymentProvider, renderDevCheckoutPage, SimulatedEventKind, SimulatedPaymentProvider } from '@mais/payments';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { widenCsp } from '../common/security-headers';
import { waitForWorker } from './wait-for-worker';

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

export class DevCheckoutResultDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ enum: ['open', 'complete', 'expired'], description: "The session's state now" }) status: CheckoutSessionView['status'];
  @ApiProperty({ description: 'The signed event sent through the webhook ingestion' }) eventId: string;
  @ApiProperty({ description: 'The same event was sent before (paying twice sends one event)' }) duplicate: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://weddings.example.com/thanks?session=cs_sim_0123456789abcdef0123456789abcdef',
    description:
      "Where the page sends the customer (HTML forms get a 303 there): the checkout's successUrl, `{CHECKOUT_SESSION_ID}` filled in, once paid; its cancelUrl, as given, once cancelled or ended; null when the checkout named none",
  })
  redirectUrl: string | null;
}

/**
 * The simulated Stripe Checkout page (registered only with simulated payments, see Settings.simulatedPayments): Pay and Cancel
 * sign the same `checkout.session.completed` / `checkout.session.expired` events Stripe would send and
 * pass them through the very webhook ingestion the Stripe route uses, then send the customer on to the
 * checkout's successUrl or cancelUrl, as Stripe's page does. The session id is the capability, as on Stripe's own page.
 */
@ApiTags('simulated payments')
@Controller('v1/dev/checkout')
@Auth('none')
export class DevCheckoutController {
  constructor(
    private readonly checkout: CheckoutService,
    private readonly ingestion: WebhookIngestionService,
    private readonly payments: PaymentProvider,
  ) {}

  @Get(':sessionId')
  @ApiOperation({ operationId: 'devCheckoutPage', summary: 'The simulated payment page of a checkout session (HTML)' })
  @ApiParam({ name: 'sessionId', example: 'cs_sim_0123456789abcdef0123456789abcdef' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(404)
  async page(@Param('sessionId') sessionId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    this.simulatedProvider();
    const session = await this.session(sessionId);
    reply.type('text/html; charset=utf-8');
    // Pay and Cancel are forms that end in a redirect to the shop's success or cancel URL: the browser checks
    // form-action against those too (Stripe's page goes back to any site the checkout named).
    const returnOrigins = [session.successUrl, session.cancelUrl].flatMap((url) => (url ? [new URL(url.replace(/[{}]/g, '')).origin] : []));
    const csp = String(reply.getHeader('content-security-policy') ?? '');
    reply.header('content-security-policy', widenCsp(csp, 'form-action', [...new Set(returnOrigins)]));
    return this.render(session, session.status);
  }

  @Post(':sessionId/complete')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'devCheckoutComplete',
    summary: 'Pay: sends a signed checkout.session.completed through the webhook ingestion',
    description:
      "A browser's form (accepting text/html) is sent to the checkout's successUrl with a 303, `{CHECKOUT_SESSION_ID}` filled in " +
      '(without one, it is shown the outcome); a request accepting application/json and not text/html gets the result as JSON. ' +
      'A session that has ended shows its page instead.',
  })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: DevCheckoutResultDto })
  @ApiResponse({ status: 303, description: 'Paid: on to the successUrl (Location)', headers: { Location: { schema: { type: 'string', format: 'uri' } } } })
  @ApiProblems(404)
  async complete(@Param('sessionId') sessionId: string, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await this.emit('completed', sessionId, accept, reply);
  }

  @Post(':sessionId/expire')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'devCheckoutExpire',
    summary: 'Cancel: sends a signed checkout.session.expired through the webhook ingestion (the date is released)',
    description:
      "A browser's form (accepting text/html) is sent to the checkout's cancelUrl with a 303 (without one, it is shown the outcome); " +
      'a request accepting application/json and not text/html gets the result as JSON. A session that has been paid shows its page instead.',
  })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: DevCheckoutResultDto })
  @ApiResponse({ status: 303, description: 'Cancelled: on to the cancelUrl (Location)', headers: { Location: { schema: { type: 'string', format: 'uri' } } } })
  @ApiProblems(404)
  async expire(@Param('sessionId') sessionId: string, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await this.emit('expired', sessionId, accept, reply);
  }

  /** Answers through `reply` itself: a redirect, the page, or JSON (errors still reach the exception filter). */
  private async emit(kind: SimulatedEventKind, sessionId: string, accept: string | undefined, reply: FastifyReply): Promise<void> {
    const provider = this.simulatedProvider();
    const session = await this.session(sessionId);
    const wantsJson = !!accept && accept.includes('application/json') && !accept.includes('text/html');
    // As on Stripe: a session that has ended cannot be paid, and a paid one cannot be cancelled.
    const ended = kind === 'completed' ? session.status === 'expired' : session.status === 'complete';
    if (ended) {
      if (wantsJson) {
        await reply.send({ sessionId, status: session.status, eventId: '', duplicate: false, redirectUrl: this.returnUrl(session, session.status) });
        return;
      }
      const message = session.status === 'expired' ? 'This checkout has ended; nothing was charged.' : undefined;
      await reply.type('text/html; charset=utf-8').send(this.render(session, session.status, message));
      return;
    }

    const signed = provider.buildSignedEvent(kind, {
      sessionId: session.sessionId,
      tenantId: session.tenantId,
      holdId: session.holdId,
      eventDate: session.eventDate,
      totalCents: session.totalCents,
      currency: session.currency,
      customerEmail: session.customerEmail,
      connectedAccountId: session.connectedAccountId,
    });
    const ingested = await this.ingestion.ingest(Buffer.from(signed.payload, 'utf8'), signed.signature);
    const status = kind === 'completed' ? 'complete' : 'expired';
    const redirectUrl = this.returnUrl(session, status);
    if (wantsJson) {
      await reply.send({ sessionId, status, eventId: ingested.providerEventId, duplicate: ingested.duplicate, redirectUrl });
      return;
    }
    const outcome = await this.awaitOutcome(session);
    if (redirectUrl) {
      // 303: the browser follows with a GET, as it does after Stripe's own page.
      await reply.redirect(redirectUrl, 303);
    } else {
      // The checkout named no URL (the default one is the API's root, not a page): say here how it ended.
      const message = kind === 'expired' ? undefined : outcomeMessage(session, outcome);
      await reply.type('text/html; charset=utf-8').send(this.render(session, status, message));
    }
  }

  /** The session's state once the worker has acted on its event (a booking or a refund; a released date), or `open`: not yet. */
  private async awaitOutcome(session: CheckoutSessionView): Promise<CheckoutSessionView['status']> {
    const ended = await waitForWorker(async () => {
      const status = (await this.checkout.findSession(session.sessionId))?.status ?? 'open';
      return status === 'open' ? undefined : status;
    });
    return ended ?? 'open';
  }

  /** The successUrl once paid, else the cancelUrl; null if the checkout named none (the page is shown then). */
  private returnUrl(session: CheckoutSessionView, status: CheckoutSessionView['status']): string | null {
    if (status === 'complete') return checkoutReturnUrl('success', session.successUrl, session.sessionId);
    return checkoutReturnUrl('cancel', session.cancelUrl, session.sessionId);
  }

  private render(session: CheckoutSessionView, status: CheckoutSessionView['status'], message?: string): string {
    return renderDevCheckoutPage({
      sessionId: session.sessionId,
      tenantName: session.tenantName,
      eventDate: session.eventDate,
      lineItems: session.lineItems,
      totalCents: session.totalCents,
      currency: session.currency,
      customerEmail: session.customerEmail,
      expiresAt: session.expiresAt,
      status,
      message,
      returnUrl: status === 'open' ? null : this.returnUrl(session, status),
    });
  }

  private async session(sessionId: string): Promise<CheckoutSessionView> {
    const session = SESSION_ID.test(sessionId) ? await this.checkout.findSession(sessionId) : null;
    if (!session) throw new NotFoundError('Checkout session');
    return session;
  }

  /** With real Stripe keys these routes do not exist (the module leaves them out; this is the second lock). */
  private simulatedProvider(): SimulatedPaymentProvider {
    if (!isSimulatedPaymentProvider(this.payments)) throw new NotFoundError('Route');
    return this.payments;
  }
}

/** How a payment ended, for the page shown when the checkout named no success URL. */
function outcomeMessage(session: CheckoutSessionView, status: CheckoutSessionView['status']): string {
  if (status === 'complete') return `Booking confirmed for ${session.eventDate}.`;
  if (status === 'expired') return 'The date was taken meanwhile, so the payment has been refunded.';
  return 'Your booking is being confirmed; a confirmation email is on its way.';
}
