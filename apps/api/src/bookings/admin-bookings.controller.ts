import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BookingService } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { bookingCsvHeader, bookingCsvRow } from './booking-csv';
import { BookingDto, BookingExportQueryDto, BookingPageDto, BookingQueryDto, CancelBookingDto } from './booking.dto';

/** Bookings read per query while exporting: the export streams, so memory stays flat whatever the count. */
const EXPORT_PAGE = 500;

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

  @Get('export')
  @ApiOperation({
    operationId: 'exportBookings',
    summary: 'The bookings the list filters select, as CSV (streamed, every page)',
    description:
      'One row per booking, by event date: amounts in integer cents and in the currency, the customer, the payment references and ' +
      'the metadata as JSON. Cells that a spreadsheet would run as a formula are written as text.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header row', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiProblems(400)
  export(@Query() query: BookingExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Readable {
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="bookings.csv"');
    // The stream is read after this handler returns: each page is read back inside the request's context
    // (its EntityManager fork and tenant), never outside it.
    const inRequest = AsyncLocalStorage.snapshot();
    const bookings = this.bookings;
    let cursor: string | undefined;
    let state: 'header' | 'rows' | 'done' = 'header';
    return new Readable({
      read() {
        if (state === 'header') {
          state = 'rows';
          this.push(bookingCsvHeader());
          return;
        }
        if (state === 'done') return;
        void inRequest(async () => {
          try {
            const page = await bookings.list({ ...query, cursor, limit: EXPORT_PAGE });
            cursor = page.nextCursor ?? undefined;
            if (!cursor) state = 'done';
            this.push(page.items.map(bookingCsvRow).join(''));
            if (state === 'done') this.push(null);
          } catch (error) {
            this.destroy(error as Error);
          }
        });
      },
    });
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
