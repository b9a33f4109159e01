import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckoutService } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { CheckoutRequestDto, CheckoutResponseDto } from './checkout.dto';
import { IdempotencyInterceptor } from './idempotency.interceptor';

@ApiTags('widget')
@Controller('v1/bookings')
@Auth('widget')
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  @Post('checkout')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    operationId: 'startCheckout',
    summary: 'Hold a date and open the payment page for a package and add-ons',
    description:
      'The date is held until `expiresAt`; meanwhile another checkout for it is 409 DATE_UNAVAILABLE. The booking is made ' +
      'when the payment provider confirms the payment. Send the customer to `checkoutUrl`.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Up to 255 visible ASCII characters. A retry with the same key and body gets the same response (for 24 hours), even while the ' +
      'first request runs; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
  })
  @ApiCreatedResponse({ type: CheckoutResponseDto })
  @ApiProblems(400, 409, 422, 502)
  async start(@Body() body: CheckoutRequestDto): Promise<CheckoutResponseDto> {
    return CheckoutResponseDto.from(await this.checkout.start(body));
  }
}
