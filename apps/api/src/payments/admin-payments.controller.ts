import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PaymentAccountService } from '@mais/domain';
import { Settings } from '@mais/settings';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { OnboardingLinkDto, PaymentAccountDto } from './payment-account.dto';

/** Where the provider's onboarding sends the admin back to: the console's payments settings. */
export function onboardingUrls(publicUrl: string): { returnUrl: string; refreshUrl: string } {
  return { returnUrl: `${publicUrl}/console#/settings/payments`, refreshUrl: `${publicUrl}/console#/settings/payments/refresh` };
}

@ApiTags('admin: payments')
@Controller('v1/admin/payments')
@Auth('tenant-admin')
export class AdminPaymentsController {
  constructor(
    private readonly accounts: PaymentAccountService,
    private readonly settings: Settings,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getPaymentAccount',
    summary: 'Whether the business can take payments, and what its payment provider still needs',
  })
  @ApiOkResponse({ type: PaymentAccountDto })
  async status(): Promise<PaymentAccountDto> {
    return PaymentAccountDto.from(await this.accounts.status());
  }

  @Post('onboarding')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'startPaymentOnboarding',
    summary: "A link to the provider's onboarding of the business's connected account (created on first use)",
    description:
      'With Stripe: an Account Link for a connected account of the type the platform is set up for (`STRIPE_CONNECT_ACCOUNT_TYPE`), ' +
      'created and stored on the first call (or again after the account disconnected the platform). The provider sends the admin back to ' +
      "the console; its `account.updated` events then say whether charges are enabled. With simulated payments: MAIS's own onboarding " +
      'page, which completes or leaves the flow and sends the same events.',
  })
  @ApiOkResponse({ type: OnboardingLinkDto })
  @ApiProblems(502)
  async onboarding(): Promise<OnboardingLinkDto> {
    return OnboardingLinkDto.from(await this.accounts.startOnboarding(onboardingUrls(this.settings.publicUrl)));
  }
}
