import { Body, Controller, Get, HttpCode, Ip, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CheckoutService, DomainError } from '@mais/domain';
import { Settings } from '@mais/settings';
import { normaliseEmail } from '@mais/tenancy';
import { Auth } from '../auth/auth.decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiProblems } from '../common/openapi';
import { holdLimits, Limits, type LimitRule } from '../limits/limits';
import { CheckoutRequestDto, CheckoutResponseDto, CheckoutStatusDto } from './checkout.dto';
import { IdempotencyInterceptor } from './idempotency.interceptor';

@ApiTags('widget')
@Controller('v1/bookings')
@Auth('widget')
export class CheckoutController {
  private readonly holdLimits: { perClient: LimitRule; perEmail: LimitRule };

  constructor(
    private readonly checkout: CheckoutService,
    private readonly limits: Limits,
    settings: Settings,
  ) {
    this.holdLimits = holdLimits(settings);
  }

  @Post('checkout')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    operationId: 'startCheckout',
    summary: 'Hold a date and open the payment page for a package and add-ons',
    description:
      'The date is held until `expiresAt`; meanwhile another checkout for it is 409 DATE_UNAVAILABLE. The booking is made ' +
      'when the payment provider confirms the payment. Send the customer to `checkoutUrl`. Each tenant takes a limited ' +
      'number of checkouts an hour from one client address and for one customer email (by default 20 and 6; 429 past that).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Up to 255 visible ASCII characters. A retry with the same key and body gets the same response (for 24 hours), even while the ' +
      'first request runs; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
  })
  @ApiCreatedResponse({ type: CheckoutResponseDto })
  @ApiProblems(400, 409, 422, 429, 502)
  async start(@Body() body: CheckoutRequestDto, @Ip() ip: string, @CurrentPrincipal() principal: Principal): Promise<CheckoutResponseDto> {
    // Every date held blocks it for everyone else: one client or one email cannot hold a tenant's calendar.
    const tenant = principal.kind === 'widget' ? principal.tenantId : 'none';
    await this.limits.consumeAll([
      [this.holdLimits.perClient, `${tenant}:${ip}`],
      [this.holdLimits.perEmail, `${tenant}:${normaliseEmail(body.customer.email)}`],
    ]);
    return CheckoutResponseDto.from(await this.checkout.start(body));
  }
}

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/** A checkout's progress by its session id, for the widget's return page (it asks again until the outcome is known). */
@ApiTags('widget')
@Controller('v1/checkouts')
@Auth('widget')
export class CheckoutStatusController {
  constructor(private readonly checkout: CheckoutService) {}

  @Get(':sessionId')
  @ApiOperation({
    operationId: 'getCheckoutStatus',
    summary: 'How far a checkout got: paid and booked, refunded and why, expired, or still open',
    description:
      "The payment page sends the customer back with the session id; the widget shows this until the booking is made. Another tenant's " +
      'session is 404, like an unknown one. Nothing about the customer is in the answer. Not cached.',
  })
  @ApiParam({ name: 'sessionId', example: 'cs_test_a1b2c3' })
  @ApiOkResponse({ type: CheckoutStatusDto })
  @ApiProblems(404)
  async get(@Param('sessionId') sessionId: string): Promise<CheckoutStatusDto> {
    const view = SESSION_ID.test(sessionId) ? await this.checkout.progress(sessionId) : null;
    if (!view) throw new DomainError('NOT_FOUND', 'No checkout of this business has this session id');
    return CheckoutStatusDto.from(view);
  }
}
