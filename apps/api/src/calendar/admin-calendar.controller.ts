import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarSettingsService } from '@mais/calendar';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { CalendarSettingsDto, PutCalendarSettingsDto } from './dto/calendar-settings.dto';

@ApiTags('admin: calendar')
@Controller('v1/admin/calendar')
@Auth('tenant-admin')
export class AdminCalendarController {
  constructor(private readonly calendar: CalendarSettingsService) {}

  @Get()
  @ApiOperation({
    operationId: 'getCalendarSettings',
    summary: "The tenant's Google Calendar connection: configured or not, sync status, last sync, last error",
  })
  @ApiOkResponse({ type: CalendarSettingsDto })
  async get(): Promise<CalendarSettingsDto> {
    return CalendarSettingsDto.from(await this.calendar.get());
  }

  @Put()
  @ApiOperation({
    operationId: 'putCalendarSettings',
    summary: 'Connect (or replace) the Google Calendar',
    description:
      'Stores the calendar id and the service-account key (encrypted; never returned), resets the status to NEVER_SYNCED, ' +
      'schedules a sync every 15 minutes and queues one now. Busy days of the calendar then make those dates unavailable.',
  })
  @ApiOkResponse({ type: CalendarSettingsDto })
  @ApiProblems(400)
  async put(@Body() body: PutCalendarSettingsDto): Promise<CalendarSettingsDto> {
    return CalendarSettingsDto.from(await this.calendar.configure(body));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteCalendarSettings', summary: 'Disconnect the calendar: forgets the credentials, its busy days and its sync schedule' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async remove(): Promise<void> {
    await this.calendar.remove();
  }

  @Post('sync')
  @HttpCode(202)
  @ApiOperation({ operationId: 'syncCalendar', summary: 'Queue a sync now', description: 'Answers at once with the current status; poll GET for the result.' })
  @ApiAcceptedResponse({ type: CalendarSettingsDto })
  @ApiProblems(404)
  async sync(): Promise<CalendarSettingsDto> {
    return CalendarSettingsDto.from(await this.calendar.requestSync());
  }
}
