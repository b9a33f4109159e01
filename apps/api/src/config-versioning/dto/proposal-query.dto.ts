import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ProposalStatus } from '@mais/config-versioning';
import { PageQueryDto } from '../../common/page-query.dto';

export class ProposalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ProposalStatus, enumName: 'ProposalStatus', example: ProposalStatus.PENDING })
  @IsOptional()
  @IsIn(Object.values(ProposalStatus))
  status?: ProposalStatus;
}
