import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Booking, BookingStatus } from '@mais/domain';
import { IsEventDate } from '../availability/event-date.validator';
import { PageQueryDto } from '../common/page-query.dto';

export class BookingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Event dates from (inclusive)' })
  @IsOptional()
  @IsEventDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Event dates to (inclusive)' })
  @IsOptional()
  @IsEventDate()
  to?: string;

  @ApiPropertyOptional({ enum: BookingStatus, enumName: 'BookingStatus' })
  @IsOptional()
  @IsIn(Object.values(BookingStatus))
  status?: BookingStatus;

  @ApiPropertyOptional({ example: 'ann', maxLength: 100, description: "Text in the customer's name or email (case-insensitive)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** The export's filters: the list's, without paging. */
export class BookingExportQueryDto extends OmitType(BookingQueryDto, ['limit', 'cursor'] as const) {}

export class CancelBookingDto {
  @ApiProperty({ description: 'Refund the payment in full through the payment provider (the booking becomes REFUNDED, else CANCELLED)' })
  @IsDefined()
  @IsBoolean()
  refund: boolean;
}

export class BookingCustomerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
}

export class BookingLineItemDto {
  @ApiProperty({ enum: ['PACKAGE', 'ADD_ON'] }) kind: 'PACKAGE' | 'ADD_ON';
  @ApiProperty({ format: 'uuid', description: 'The package or add-on sold (it may have been edited or deleted since)' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Integer cents, as sold' }) priceCents: number;
}

/** A booking as its tenant's admins see it: what was sold, to whom, for how much. */
export class BookingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date', example: '2027-06-12' }) eventDate: string;
  @ApiProperty({ enum: BookingStatus, enumName: 'BookingStatus' }) status: BookingStatus;
  @ApiProperty({ description: 'Integer cents' }) totalCents: number;
  @ApiProperty({ description: "Integer cents: the platform's commission" }) commissionCents: number;
  @ApiProperty({ example: 12.5, description: 'The commission rate applied to this sale' }) commissionPercent: number;
  @ApiProperty({ example: 'usd' }) currency: string;
  @ApiProperty({ type: BookingCustomerDto }) customer: BookingCustomerDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) packageId: string | null;
  @ApiProperty({ type: [BookingLineItemDto] }) lineItems: BookingLineItemDto[];
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { utm_source: 'wedding-fair' },
    description: "Where the customer came from, as the checkout gave it (the widget's utm_* and metadata[…]); {} when nothing",
  })
  metadata: Record<string, string>;
  @ApiProperty({ description: "The payment provider's checkout session" }) checkoutSessionId: string;
  @ApiProperty({ nullable: true, type: String, description: "The payment provider's payment" }) paymentIntentId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) refundedAt: string | null;

  static from(booking: Booking): BookingDto {
    return {
      id: booking.id,
      eventDate: booking.eventDate,
      status: booking.status,
      totalCents: booking.totalCents,
      commissionCents: booking.commissionCents,
      commissionPercent: Number(booking.commissionPercent),
      currency: booking.currency,
      customer: { id: booking.customer.id, email: booking.customer.email, name: booking.customer.name, phone: booking.customer.phone },
      packageId: booking.packageId,
      lineItems: booking.lineItems.map((item) => ({ kind: item.kind, id: item.id, slug: item.slug, name: item.name, priceCents: item.priceCents })),
      notes: booking.notes,
      metadata: booking.metadata,
      checkoutSessionId: booking.checkoutSessionId,
      paymentIntentId: booking.paymentIntentId,
      createdAt: booking.createdAt.toISOString(),
      updatedAt: booking.updatedAt.toISOString(),
      cancelledAt: booking.cancelledAt?.toISOString() ?? null,
      refundedAt: booking.refundedAt?.toISOString() ?? null,
    };
  }
}

export class BookingPageDto {
  @ApiProperty({ type: [BookingDto] }) items: BookingDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}
