import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { BlackoutDate } from '@mais/domain';
import { IsEventDate } from '../availability/event-date.validator';

export class BlackoutQueryDto {
  @ApiPropertyOptional({ format: 'date', description: "Inclusive; default: the business's today (or `to` minus 365 days)" })
  @IsOptional()
  @IsEventDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Inclusive; default: `from` plus 365 days. At most 366 days in all.' })
  @IsOptional()
  @IsEventDate()
  to?: string;
}

export class CreateBlackoutDto {
  @ApiProperty({ format: 'date', example: '2027-12-25' })
  @IsEventDate()
  date: string;

  @ApiPropertyOptional({ example: 'Christmas', nullable: true, type: String, maxLength: 500 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

export class BlackoutDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(blackout: BlackoutDate): BlackoutDto {
    return { id: blackout.id, date: blackout.date, reason: blackout.reason, createdAt: blackout.createdAt.toISOString() };
  }
}

export class BlackoutListDto {
  @ApiProperty({ format: 'date', description: 'The range listed (defaults applied)' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [BlackoutDto], description: 'In date order' }) items: BlackoutDto[];
}
