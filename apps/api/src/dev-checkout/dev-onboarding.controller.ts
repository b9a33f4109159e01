import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentTenant, NotFoundError, PaymentProvider, Tenant, WebhookEvent, WebhookEventStatus, WebhookIngestionService } from '@mais/domain';
import { EntityManager } from '@mikro-orm/postgresql';
import { isSimulatedPaymentProvider, renderDevOnboardingPage, SimulatedOnboardingOutcome, SimulatedPaymentProvider } from '@mais/payments';
import { Settings } from '@mais/settings';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { onboardingUrls } from '../payments/admin-payments.controller';
import { waitForWorker } from './wait-for-worker';

const ACCOUNT_ID = /^acct_sim_[0-9a-f]{16}$/;

export class DevOnboardingResultDto {
  @ApiProperty({ example: 'acct_sim_0123456789abcdef' }) accountId: string;
  @ApiProperty({ enum: ['completed', 'abandoned'] }) outcome: SimulatedOnboardingOutcome;
  @ApiProperty({ description: 'The signed account.updated sent through the webhook ingestion' }) eventId: string;
  @ApiProperty({ format: 'uri', description: 'Where the page sends the admin (HTML forms get a 303 there): the console' }) redirectUrl: string;
}

/**
 * The simulated Connect onboarding page (registered only with simulated payments): Complete and Leave unfinished
 * sign the `account.updated` Stripe would send and pass it through the webhook ingestion the Stripe route uses,
 * then send the admin back to the console, as Stripe's hosted onboarding does. The account id is the capability,
 * as an Account Link's URL is on Stripe.
 */
@ApiTags('simulated payments')
@Controller('v1/dev/onboarding')
@Auth('none')
export class DevOnboardingController {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly ingestion: WebhookIngestionService,
    private readonly payments: PaymentProvider,
    private readonly settings: Settings,
  ) {}

  @Get(':accountId')
  @ApiOperation({ operationId: 'devOnboardingPage', summary: 'The simulated onboarding page of a connected account (HTML)' })
  @ApiParam({ name: 'accountId', example: 'acct_sim_0123456789abcdef' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(404)
  async page(@Param('accountId') accountId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    this.simulatedProvider();
    const tenant = await this.tenantOf(accountId);
    reply.type('text/html; charset=utf-8');
    return renderDevOnboardingPage({ accountId, tenantName: tenant.name });
  }

  @Post(':accountId/complete')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'devOnboardingComplete',
    summary: 'Complete: sends a signed account.updated with charges enabled through the webhook ingestion',
    description: "A browser's form (accepting text/html) is sent to the console with a 303; a request accepting application/json gets the result as JSON.",
  })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: DevOnboardingResultDto })
  @ApiResponse({ status: 303, description: 'Back to the console (Location)', headers: { Location: { schema: { type: 'string', format: 'uri' } } } })
  @ApiProblems(404)
  async complete(@Param('accountId') accountId: string, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await this.emit('completed', accountId, accept, reply);
  }

  @Post(':accountId/abandon')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'devOnboardingAbandon',
    summary: 'Leave unfinished: sends a signed account.updated with charges disabled and requirements due',
    description: "A browser's form (accepting text/html) is sent to the console with a 303; a request accepting application/json gets the result as JSON.",
  })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: DevOnboardingResultDto })
  @ApiResponse({ status: 303, description: 'Back to the console (Location)', headers: { Location: { schema: { type: 'string', format: 'uri' } } } })
  @ApiProblems(404)
  async abandon(@Param('accountId') accountId: string, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await this.emit('abandoned', accountId, accept, reply);
  }

  private async emit(outcome: SimulatedOnboardingOutcome, accountId: string, accept: string | undefined, reply: FastifyReply): Promise<void> {
    const provider = this.simulatedProvider();
    await this.tenantOf(accountId);
    const signed = provider.buildSignedAccountEvent(outcome, accountId);
    const ingested = await this.ingestion.ingest(Buffer.from(signed.payload, 'utf8'), signed.signature);
    await this.awaitProcessed(ingested.webhookEventId);
    const redirectUrl = onboardingUrls(this.settings.publicUrl).returnUrl;
    const wantsJson = !!accept && accept.includes('application/json') && !accept.includes('text/html');
    if (wantsJson) await reply.send({ accountId, outcome, eventId: signed.eventId, redirectUrl });
    else await reply.redirect(redirectUrl, 303);
  }

  /** Until the worker has applied the event, so the console the admin lands on shows the new status. */
  private async awaitProcessed(webhookEventId: string): Promise<void> {
    await waitForWorker(async () => {
      const event = await this.currentTenant.runUnscoped(() =>
        this.em.findOne(WebhookEvent, { id: webhookEventId }, { fields: ['status'], disableIdentityMap: true }),
      );
      return event && event.status !== WebhookEventStatus.PENDING ? event.status : undefined;
    });
  }

  private async tenantOf(accountId: string): Promise<Tenant> {
    const tenant = ACCOUNT_ID.test(accountId)
      ? await this.currentTenant.runUnscoped(() => this.em.findOne(Tenant, { stripeAccountId: accountId }, { disableIdentityMap: true }))
      : null;
    if (!tenant) throw new NotFoundError('Connected account');
    return tenant;
  }

  /** With real Stripe keys these routes do not exist (the module leaves them out; this is the second lock). */
  private simulatedProvider(): SimulatedPaymentProvider {
    if (!isSimulatedPaymentProvider(this.payments)) throw new NotFoundError('Route');
    return this.payments;
  }
}
