import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { CalendarSyncStatus } from '@mais/calendar';
import type { CalendarSettingsView } from '@mais/calendar';

/** PUT /v1/admin/calendar: write-only; the key is stored encrypted and never returned. */
export class PutCalendarSettingsDto {
  @ApiProperty({
    example: 'weddings@group.calendar.google.com',
    description: 'The Google Calendar to sync (shared with the service account, permission "Make changes to events")',
  })
  @IsString()
  @Length(1, 1024)
  calendarId: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
    description: 'The service account\'s JSON key file, as a string or as the JSON object itself: type "service_account", client_email, private_key (PEM)',
    example: '{"type":"service_account","client_email":"mais-sync@project.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\\n…"}',
  })
  // An object is taken as the key file itself; it is validated (length, shape, key) and stored as its JSON text.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? JSON.stringify(value) : value))
  @IsString({ message: 'serviceAccountJson must be the key file JSON, as a string or an object' })
  serviceAccountJson: string;
}

/** What an admin reads back: whether a calendar is connected and how its sync is doing; never the credentials. */
export class CalendarSettingsDto {
  @ApiProperty({ description: 'Whether a calendar and credentials are stored' }) configured: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'weddings@group.calendar.google.com' }) calendarId: string | null;
  @ApiProperty({ enum: CalendarSyncStatus, enumName: 'CalendarSyncStatus', description: 'FAILING: the last sync (or event write) failed; see lastError' })
  status: CalendarSyncStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'End of the last successful sync' }) lastSyncedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Google rejected the service account credentials: invalid_grant (Invalid JWT Signature.)',
    description: 'Why the calendar is FAILING, in words an admin can act on',
  })
  lastError: string | null;

  static from(view: CalendarSettingsView): CalendarSettingsDto {
    return {
      configured: view.configured,
      calendarId: view.calendarId,
      status: view.status,
      lastSyncedAt: view.lastSyncedAt?.toISOString() ?? null,
      lastError: view.lastError,
    };
  }
}
