import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { CheckoutResult } from '@mais/domain';
import { IsEventDate } from '../availability/event-date.validator';

const PHONE = /^\+?[0-9][0-9 ().-]{3,38}$/;
const URL_OPTIONS = { protocols: ['https', 'http'], require_protocol: true, require_tld: false };

export class CheckoutCustomerDto {
  @ApiProperty({ example: 'ann@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Ann Lee', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: '+15551234567', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, ( ) . - and a leading +)' })
  phone?: string | null;
}

export class CheckoutRequestDto {
  @ApiProperty({ example: 'classic', description: 'The slug of an active package' })
  @IsString()
  @Length(1, 80)
  packageSlug: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Active add-ons of that package, each at most once' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  addOnIds?: string[];

  @ApiProperty({ example: '2027-06-12', format: 'date' })
  @IsEventDate()
  eventDate: string;

  @ApiProperty({ type: CheckoutCustomerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CheckoutCustomerDto)
  customer: CheckoutCustomerDto;

  @ApiPropertyOptional({ example: 'Ceremony at 3 pm', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({
    example: 'https://weddings.example.com/thanks?session={CHECKOUT_SESSION_ID}',
    description:
      "Where the payment page sends the customer after paying, `{CHECKOUT_SESSION_ID}` replaced by the session id (default: the API's public URL)",
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  successUrl?: string;

  @ApiPropertyOptional({ example: 'https://weddings.example.com/book', description: 'Where the payment page sends a customer who gives up' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  cancelUrl?: string;
}

export class CheckoutResponseDto {
  @ApiProperty({ example: 'cs_test_a1b2c3' }) sessionId: string;
  @ApiProperty({ example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3', description: 'Send the customer here to pay' }) checkoutUrl: string;
  @ApiProperty({ format: 'date-time', description: 'The date is held until then' }) expiresAt: string;
  @ApiProperty({ example: 12001, description: 'Integer cents: the package plus the add-ons' }) totalCents: number;
  @ApiProperty({ example: 1501, description: "Integer cents: the platform's commission, ceil(total × percent / 100)" }) commissionCents: number;
  @ApiProperty({ example: 'usd' }) currency: string;

  static from(result: CheckoutResult): CheckoutResponseDto {
    return {
      sessionId: result.sessionId,
      checkoutUrl: result.checkoutUrl,
      expiresAt: result.expiresAt.toISOString(),
      totalCents: result.totalCents,
      commissionCents: result.commissionCents,
      currency: result.currency,
    };
  }
}
