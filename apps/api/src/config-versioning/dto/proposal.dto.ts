import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { JsonPatchOperation, ProposalView } from '@mais/config-versioning';
import { ProposalStatus } from '@mais/config-versioning';
import { FieldErrorDto } from '../../common/openapi';
import { patchOperationsSchema } from '../openapi-schemas';
import { ConfigVersionDto, VersionRefDto } from './config-version.dto';

export class AgentIdentityDto {
  @ApiProperty({ example: 'seasonal-merchandiser', description: 'Who is proposing: shown to reviewers and in the audit trail' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({ example: 'claude-sonnet-4', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 120)
  model?: string | null;
}

export class ProposeDto {
  @ApiProperty({ example: 'Feature the garden packages this spring', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  summary: string;

  @ApiPropertyOptional({ example: 'Spring enquiries mention gardens twice as often as last quarter.', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(5000)
  rationale?: string | null;

  @ApiProperty({
    ...patchOperationsSchema,
    minItems: 1,
    maxItems: 100,
    description: 'RFC 6902 operations against the published config (GET /v1/agent/config); applied to a copy and validated',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  patch: JsonPatchOperation[];

  @ApiPropertyOptional({ type: AgentIdentityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgentIdentityDto)
  agent?: AgentIdentityDto;
}

export class ApproveDto {
  @ApiPropertyOptional({ default: false, description: 'Publish the new version at once (else it stays a draft)' })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}

export class RejectDto {
  @ApiProperty({ example: 'We are not featuring the garden packages until the venue reopens.' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class ProposalConflictDto {
  @ApiProperty({ enum: ['MALFORMED_PATCH', 'PATCH_CONFLICT', 'INVALID_RESULT'] }) reason: string;
  @ApiProperty({ type: [FieldErrorDto] }) errors: FieldErrorDto[];
}

export class ProposalAgentDto {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) model: string | null;
}

export class ProposalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ProposalStatus, enumName: 'ProposalStatus' }) status: ProposalStatus;
  @ApiProperty() summary: string;
  @ApiProperty({ nullable: true, type: String }) rationale: string | null;
  @ApiProperty({ ...patchOperationsSchema, description: 'The operations as the agent sent them' }) patch: JsonPatchOperation[];
  @ApiProperty({ type: ProposalAgentDto }) agent: ProposalAgentDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The published version the agent wrote the patch against; null: the defaults' })
  baseVersionId: string | null;
  @ApiProperty({
    ...patchOperationsSchema,
    nullable: true,
    description:
      'What approving would change: RFC 6902 operations from `diffAgainst` to the patched config. Pending proposals are re-applied to the config published now; null when the patch no longer applies.',
  })
  diff: JsonPatchOperation[] | null;
  @ApiProperty({
    type: VersionRefDto,
    nullable: true,
    description: 'The version the diff starts from: the published one for pending proposals, the base for reviewed ones; null: the defaults',
  })
  diffAgainst: VersionRefDto | null;
  @ApiProperty({ description: 'Whether the published version changed since the proposal was made' }) baseChanged: boolean;
  @ApiProperty({ description: 'Whether the patch applies to `diffAgainst`; a pending proposal that does not cannot be approved' }) applicable: boolean;
  @ApiProperty({ type: ProposalConflictDto, nullable: true, description: 'Why the patch does not apply, when it does not' })
  conflict: ProposalConflictDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The version an approval created' }) resultVersionId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The user who approved or rejected it' }) reviewedById: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from({ proposal, review }: ProposalView): ProposalDto {
    return {
      id: proposal.id,
      status: proposal.status,
      summary: proposal.summary,
      rationale: proposal.rationale,
      patch: proposal.patch as JsonPatchOperation[],
      agent: { name: proposal.agentName, model: proposal.agentModel },
      baseVersionId: proposal.baseVersionId,
      diff: review.diff,
      diffAgainst: review.against,
      baseChanged: review.baseChanged,
      applicable: review.applicable,
      conflict: review.conflict,
      resultVersionId: proposal.resultVersionId,
      reviewedById: proposal.reviewedById,
      reviewedAt: proposal.reviewedAt?.toISOString() ?? null,
      rejectionReason: proposal.rejectionReason,
      createdAt: proposal.createdAt.toISOString(),
    };
  }
}

export class ProposalPageDto {
  @ApiProperty({ type: [ProposalDto] }) items: ProposalDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class ApprovalDto {
  @ApiProperty({ type: ProposalDto }) proposal: ProposalDto;
  @ApiProperty({ type: ConfigVersionDto, description: 'The version the approval created (PUBLISHED when asked, else a DRAFT)' }) version: ConfigVersionDto;
}
