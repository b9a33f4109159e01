import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BlackoutService } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { BlackoutDto, BlackoutListDto, BlackoutQueryDto, CreateBlackoutDto } from './blackout.dto';

@ApiTags('admin: bookings')
@Controller('v1/admin/blackouts')
@Auth('tenant-admin')
export class AdminBlackoutsController {
  constructor(private readonly blackouts: BlackoutService) {}

  @Get()
  @ApiOperation({ operationId: 'listBlackouts', summary: 'Blacked-out dates in a range of at most 366 days (default: the coming year)' })
  @ApiOkResponse({ type: BlackoutListDto })
  @ApiProblems(400)
  async list(@Query() query: BlackoutQueryDto): Promise<BlackoutListDto> {
    const range = await this.blackouts.list(query);
    return { from: range.from, to: range.to, items: range.items.map(BlackoutDto.from) };
  }

  @Post()
  @ApiOperation({
    operationId: 'createBlackout',
    summary: 'Black out a date: it can no longer be booked',
    description: 'A date already blacked out is 409. Bookings and open checkouts on that date are not affected.',
  })
  @ApiCreatedResponse({ type: BlackoutDto })
  @ApiProblems(400, 409)
  async create(@Body() body: CreateBlackoutDto): Promise<BlackoutDto> {
    return BlackoutDto.from(await this.blackouts.create(body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteBlackout', summary: 'Remove a blackout: the date can be booked again' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404)
  async remove(@Param('id', UuidPipe) id: string): Promise<void> {
    await this.blackouts.remove(id);
  }
}
