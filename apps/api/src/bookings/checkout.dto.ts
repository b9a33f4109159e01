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
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type { CheckoutProgress, CheckoutResult, CheckoutStatusView } from '@mais/domain';
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

/** The checkout's metadata rule; the widget page (apps/api/src/web/widget-page.ts) keeps to it when it collects utm_* and metadata[…]. */
export const METADATA_RULE = { maxEntries: 20, keyPattern: /^[A-Za-z0-9_.-]{1,40}$/, maxValueLength: 500 } as const;

/** A flat object of at most 20 string values, keys of letters, digits and `_ . -`. */
function IsBookingMetadata(): PropertyDecorator {
  return ValidateBy({
    name: 'isBookingMetadata',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= METADATA_RULE.maxEntries &&
        Object.entries(value).every(
          ([key, item]) => METADATA_RULE.keyPattern.test(key) && typeof item === 'string' && item.length <= METADATA_RULE.maxValueLength,
        ),
      defaultMessage: () =>
        `metadata must be an object of at most ${METADATA_RULE.maxEntries} string values of at most ${METADATA_RULE.maxValueLength} characters, ` +
        'keys of 1 to 40 letters, digits, _ . or -',
    },
  });
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
    type: 'object',
    additionalProperties: { type: 'string', maxLength: METADATA_RULE.maxValueLength },
    maxProperties: METADATA_RULE.maxEntries,
    example: { utm_source: 'wedding-fair', ref: 'table-12' },
    description:
      "Where the customer came from (the widget passes the host page's `utm_*` and `metadata[…]`): at most 20 string values of at most " +
      '500 characters, keys of 1 to 40 letters, digits, `_`, `.` or `-`. Stored on the booking and shown to its admins.',
  })
  @IsOptional()
  @IsBookingMetadata()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({
    example: 'https://weddings.example.com/thanks?session={CHECKOUT_SESSION_ID}',
    description: "Where the payment page sends the customer after paying, `{CHECKOUT_SESSION_ID}` replaced by the session id (default: the API's public URL)",
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

const CHECKOUT_PROGRESS: CheckoutProgress[] = ['OPEN', 'CONFIRMED', 'EXPIRED', 'REFUNDED', 'CANCELLED'];

/** A checkout's progress for the widget's return page: nothing about the customer. */
export class CheckoutStatusDto {
  @ApiProperty({ example: 'cs_test_a1b2c3' }) sessionId: string;
  @ApiProperty({
    enum: CHECKOUT_PROGRESS,
    enumName: 'CheckoutProgress',
    description:
      'OPEN: not paid yet, or paid and the booking still being made; CONFIRMED: booked; EXPIRED: not paid in time or cancelled on the ' +
      'payment page, nothing charged; REFUNDED: paid but not booked (the date was lost meanwhile) or refunded by the business; ' +
      'CANCELLED: booked, then cancelled by the business without a refund',
  })
  status: CheckoutProgress;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'BOOKED',
    description: 'REFUNDED only: why (BOOKED, HELD, BLACKOUT, CALENDAR_BUSY, PAST, AMOUNT_MISMATCH, CURRENCY_MISMATCH; CANCELLED by the business)',
  })
  reason: string | null;
  @ApiProperty({ example: '2027-06-12', format: 'date' }) eventDate: string;
  @ApiProperty({ example: 'Classic Wedding' }) packageName: string;
  @ApiProperty({ example: 12001, description: 'Integer cents' }) totalCents: number;
  @ApiProperty({ example: 'usd' }) currency: string;
  @ApiProperty({ format: 'date-time', description: 'When the hold on the date ends if it is not paid' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The booking, once made' }) bookingId: string | null;

  static from(view: CheckoutStatusView): CheckoutStatusDto {
    return { ...view, expiresAt: view.expiresAt.toISOString() };
  }
}
