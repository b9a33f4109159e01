import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Cache, cacheKey, getOrLoadBody, tenantNamespace } from '@mais/cache';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AvailabilityService, CurrentTenant } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { HELD_DATES_TTL_SECONDS, untilNextQuarterHourSeconds } from '../common/cache-ttl';
import { ApiProblems } from '../common/openapi';
import { AvailabilityDto, AvailabilityQueryDto, UnavailableDatesDto, UnavailableRangeQueryDto } from './availability.dto';

@ApiTags('widget')
@Controller('v1/availability')
@Auth('widget')
export class AvailabilityController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly cache: Cache,
    private readonly currentTenant: CurrentTenant,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getAvailability', summary: 'Whether one date can be booked, and if not, why' })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(400)
  check(@Query() query: AvailabilityQueryDto): Promise<AvailabilityDto> {
    return this.availability.check(query.date);
  }

  @Get('unavailable')
  @ApiOperation({ operationId: 'listUnavailableDates', summary: "The unavailable dates of a range (at most 366 days), for the widget's month view" })
  @ApiOkResponse({ type: UnavailableDatesDto })
  @ApiProblems(400)
  unavailable(@Query() query: UnavailableRangeQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | Buffer> {
    // The month view is on every widget load: cached per tenant and range; holds, bookings, cancellations,
    // blackouts and calendar syncs drop the tenant's entries (TenantReadsChanged).
    const namespace = tenantNamespace(this.currentTenant.tenantId);
    const key = cacheKey('unavailable', { from: query.from, to: query.to });
    const ttl = (json: string) => (json.includes('"HELD"') ? HELD_DATES_TTL_SECONDS : untilNextQuarterHourSeconds());
    reply.type('application/json; charset=utf-8');
    return getOrLoadBody(this.cache, namespace, key, ttl, async () => JSON.stringify(await this.availability.unavailableBetween(query.from, query.to)));
  }
}
