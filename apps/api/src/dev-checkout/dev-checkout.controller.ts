import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CheckoutService, CheckoutSessionView, NotFoundError, PaymentProvider, WebhookIngestionService } from '@mais/domain';
import { isSimulatedPaymentProvider, renderDevCheckoutPage, SimulatedEventKind, SimulatedPaymentProvider } from '@mais/payments';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;
/** How long the page waits for the worker to turn the payment into a booking before saying it is on its way. */
const OUTCOME_WAIT_MS = 3_000;

export class DevCheckoutResultDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ enum: ['open', 'complete', 'expired'], description: "The session's state now" }) status: CheckoutSessionView['status'];
  @ApiProperty({ description: 'The signed event sent through the webhook ingestion' }) eventId: string;
  @ApiProperty({ description: 'The same event was sent before (paying twice sends one event)' }) duplicate: boolean;
}

/**
 * The simulated Stripe Checkout page (registered only with simulated payments, see Settings.simulatedPayments): Pay and Cancel
 * sign the same `checkout.session.completed` / `checkout.session.expired` events Stripe would send and
 * pass them through the very webhook ingestion the Stripe route uses. The session id is the capability,
 * as on Stripe's own page.
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
    return this.render(session, session.status);
  }

  @Post(':sessionId/complete')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'devCheckoutComplete',
    summary: 'Pay: sends a signed checkout.session.completed through the webhook ingestion',
    description: 'Answers the result page (HTML), or JSON when the request accepts application/json and not text/html.',
  })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: DevCheckoutResultDto })
  @ApiProblems(404)
  complete(@Param('sessionId') sessionId: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.emit('completed', sessionId, accept, reply);
  }

  @Post(':sessionId/expire')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'devCheckoutExpire',
    summary: 'Cancel: sends a signed checkout.session.expired through the webhook ingestion (the date is released)',
    description: 'Answers the result page (HTML), or JSON when the request accepts application/json and not text/html.',
  })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: DevCheckoutResultDto })
  @ApiProblems(404)
  expire(@Param('sessionId') sessionId: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.emit('expired', sessionId, accept, reply);
  }

  private async emit(kind: SimulatedEventKind, sessionId: string, accept: string | undefined, reply: FastifyReply): Promise<string | DevCheckoutResultDto> {
    const provider = this.simulatedProvider();
    const session = await this.session(sessionId);
    const wantsJson = !!accept && accept.includes('application/json') && !accept.includes('text/html');
    // As on Stripe: a session that has ended cannot be paid, and a paid one cannot be cancelled.
    const ended = kind === 'completed' ? session.status === 'expired' : session.status === 'complete';
    if (ended) {
      if (wantsJson) return { sessionId, status: session.status, eventId: '', duplicate: false };
      reply.type('text/html; charset=utf-8');
      return this.render(session, session.status, session.status === 'expired' ? 'This checkout has ended; nothing was charged.' : undefined);
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
    if (wantsJson) {
      return { sessionId, status: kind === 'completed' ? 'complete' : 'expired', eventId: ingested.providerEventId, duplicate: ingested.duplicate };
    }
    reply.type('text/html; charset=utf-8');
    if (kind === 'expired') return this.render(session, 'expired');
    return this.render(session, 'complete', await this.paymentOutcome(session));
  }

  /** Waits briefly for the worker, so the page can tell the customer how it ended. */
  private async paymentOutcome(session: CheckoutSessionView): Promise<string> {
    const deadline = Date.now() + OUTCOME_WAIT_MS;
    while (Date.now() < deadline) {
      const now = await this.checkout.findSession(session.sessionId);
      if (now?.status === 'complete') return `Booking confirmed for ${session.eventDate}.`;
      if (now?.status === 'expired') return 'The date was taken meanwhile, so the payment has been refunded.';
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return 'Your booking is being confirmed; a confirmation email is on its way.';
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
