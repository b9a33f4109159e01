import { ApiProperty } from '@nestjs/swagger';
import { UNAVAILABLE_REASONS, type UnavailableReason } from '@mais/domain';
import { IsEventDate } from './event-date.validator';

export class AvailabilityQueryDto {
  @ApiProperty({ example: '2027-06-12', format: 'date' })
  @IsEventDate()
  date: string;
}

export class UnavailableRangeQueryDto {
  @ApiProperty({ example: '2027-06-01', format: 'date' })
  @IsEventDate()
  from: string;

  @ApiProperty({ example: '2027-06-30', format: 'date', description: 'Inclusive; at most 366 days after `from` counting both ends' })
  @IsEventDate()
  to: string;
}

export class AvailabilityDto {
  @ApiProperty({ example: '2027-06-12', format: 'date' }) date: string;
  @ApiProperty() available: boolean;
  @ApiProperty({
    enum: UNAVAILABLE_REASONS,
    enumName: 'UnavailableReason',
    nullable: true,
    description: "Why the date cannot be booked; null when it can. PAST is before the business's today in its own time zone.",
  })
  reason: UnavailableReason | null;
}

export class UnavailableDateDto {
  @ApiProperty({ example: '2027-06-12', format: 'date' }) date: string;
  @ApiProperty({ enum: UNAVAILABLE_REASONS, enumName: 'UnavailableReason' }) reason: UnavailableReason;
}

export class UnavailableDatesDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [UnavailableDateDto], description: 'Only the unavailable dates of the range, in date order' }) dates: UnavailableDateDto[];
}
