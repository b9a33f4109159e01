import { Body, Controller, HttpCode, Ip, Post, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckoutService } from '@mais/domain';
import { Settings } from '@mais/settings';
import { normaliseEmail } from '@mais/tenancy';
import { Auth } from '../auth/auth.decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiProblems } from '../common/openapi';
import { holdLimits, Limits, type LimitRule } from '../limits/limits';
import { CheckoutRequestDto, CheckoutResponseDto } from './checkout.dto';
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
