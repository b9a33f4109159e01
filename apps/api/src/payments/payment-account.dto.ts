import { ApiProperty } from '@nestjs/swagger';
import type { OnboardingStart, PaymentAccountStatus } from '@mais/domain';

export class PaymentAccountDto {
  @ApiProperty({ enum: ['stripe', 'simulated'], description: 'simulated: no money moves (development, demos)' }) provider: 'stripe' | 'simulated';
  @ApiProperty({ description: 'Checkout can start now' }) ready: boolean;
  @ApiProperty({ type: [String], description: 'What stands in the way of taking payments, in words (empty when ready)' }) missing: string[];
  @ApiProperty({ nullable: true, type: String, example: 'acct_1Nv0FGQ9RKHgCVdK' }) accountId: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: "The provider's last word; null while it has said nothing (counts as able)" })
  chargesEnabled: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) detailsSubmitted: boolean | null;
  @ApiProperty({ type: [String], description: "The provider's requirements still due", example: ['external_account'] }) requirementsDue: string[];
  @ApiProperty({ nullable: true, type: String, example: 'requirements.past_due' }) disabledReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The account disconnected the platform' }) disconnectedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the provider last reported on the account' })
  updatedAt: string | null;

  static from(status: PaymentAccountStatus): PaymentAccountDto {
    return {
      provider: status.provider,
      ready: status.ready,
      missing: status.missing,
      accountId: status.accountId,
      chargesEnabled: status.chargesEnabled,
      detailsSubmitted: status.detailsSubmitted,
      requirementsDue: status.requirementsDue,
      disabledReason: status.disabledReason,
      disconnectedAt: status.disconnectedAt?.toISOString() ?? null,
      updatedAt: status.updatedAt?.toISOString() ?? null,
    };
  }
}

export class OnboardingLinkDto {
  @ApiProperty({ format: 'uri', description: "Send the admin's browser here (single use, expires in minutes)" }) url: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ example: 'acct_1Nv0FGQ9RKHgCVdK' }) accountId: string;
  @ApiProperty({ description: 'A connected account was created for this onboarding' }) accountCreated: boolean;

  static from(start: OnboardingStart): OnboardingLinkDto {
    return { url: start.url, expiresAt: start.expiresAt.toISOString(), accountId: start.accountId, accountCreated: start.accountCreated };
  }
}
