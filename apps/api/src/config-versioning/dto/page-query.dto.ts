import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@mais/config-versioning';
import { ProposalStatus } from '@mais/domain';

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class ProposalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ProposalStatus, enumName: 'ProposalStatus', example: ProposalStatus.PENDING })
  @IsOptional()
  @IsIn(Object.values(ProposalStatus))
  status?: ProposalStatus;
}
