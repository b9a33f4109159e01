import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BookingService } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { BookingDto, BookingPageDto, BookingQueryDto, CancelBookingDto } from './booking.dto';

@ApiTags('admin: bookings')
@Controller('v1/admin/bookings')
@Auth('tenant-admin')
export class AdminBookingsController {
  constructor(private readonly bookings: BookingService) {}

  @Get()
  @ApiOperation({ operationId: 'listBookings', summary: 'Bookings by event date (then id), filtered by date range and status' })
  @ApiOkResponse({ type: BookingPageDto })
  @ApiProblems(400)
  async list(@Query() query: BookingQueryDto): Promise<BookingPageDto> {
    const page = await this.bookings.list(query);
    return { items: page.items.map(BookingDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getBooking', summary: 'One booking' })
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidPipe) id: string): Promise<BookingDto> {
    return BookingDto.from(await this.bookings.get(id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelBooking',
    summary: 'Cancel a paid booking, optionally refunding it in full; the date becomes available again',
    description: 'A booking that is not PAID is 409. A refund the payment provider refuses is 502 and changes nothing.',
  })
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(400, 404, 409, 502)
  async cancel(@Param('id', UuidPipe) id: string, @Body() body: CancelBookingDto): Promise<BookingDto> {
    return BookingDto.from(await this.bookings.cancel(id, { refund: body.refund }));
  }
}
