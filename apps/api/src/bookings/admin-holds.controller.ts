import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CheckoutService } from '@mais/domain';
import { IsEventDate } from '../availability/event-date.validator';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';

export class HoldQueryDto {
  @ApiProperty({ example: '2027-06-01', format: 'date' })
  @IsEventDate()
  from: string;

  @ApiProperty({ example: '2027-06-30', format: 'date', description: 'Inclusive; at most 366 days after `from` counting both ends' })
  @IsEventDate()
  to: string;
}

export class HoldDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) eventDate: string;
  @ApiProperty({ format: 'date-time', description: 'The date is free again then, unless it is paid' }) expiresAt: string;
  @ApiProperty({ example: 'Classic Wedding' }) packageName: string;
  @ApiProperty({ example: 'ann@example.com' }) customerEmail: string;
}

export class HoldListDto {
  @ApiProperty({ type: [HoldDto], description: 'By date' }) items: HoldDto[];
}

/** Dates held right now by customers on the payment page: for the admin's month view. */
@ApiTags('admin: bookings')
@Controller('v1/admin/holds')
@Auth('tenant-admin')
export class AdminHoldsController {
  constructor(private readonly checkout: CheckoutService) {}

  @Get()
  @ApiOperation({ operationId: 'listHolds', summary: 'Dates held by open checkouts in a range (at most 366 days)' })
  @ApiOkResponse({ type: HoldListDto })
  @ApiProblems(400)
  async list(@Query() query: HoldQueryDto): Promise<HoldListDto> {
    const holds = await this.checkout.openHolds(query.from, query.to);
    return {
      items: holds.map((hold) => ({
        id: hold.id,
        eventDate: hold.eventDate,
        expiresAt: hold.expiresAt.toISOString(),
        packageName: hold.lineItems.find((item) => item.kind === 'PACKAGE')?.name ?? '',
        customerEmail: hold.customer.email,
      })),
    };
  }
}
