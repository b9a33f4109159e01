import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, Matches, Min } from 'class-validator';
import type { ConfigDiff, ConfigDocument, JsonPatchOperation, PublishedConfig } from '@mais/config-versioning';
import { ActorType, ConfigVersion, ConfigVersionStatus } from '@mais/config-versioning';
import { configDocumentRef, patchOperationsSchema } from '../openapi-schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONFIG_INPUT =
  'The config document. Missing sections and fields are filled with defaults (a missing schemaVersion is the current one); unknown fields and invalid values are 400 with errors[] (fields named `config.…`).';

export class ActorDto {
  @ApiProperty({ enum: ActorType, enumName: 'ActorType' }) type: ActorType;
  @ApiProperty({ nullable: true, type: String, description: 'A user id; for agents, the name they gave; null for the system' }) id: string | null;
}

export class ConfigVersionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', example: 3, description: '1, 2, 3… per tenant' }) version: number;
  @ApiProperty({ enum: ConfigVersionStatus, enumName: 'ConfigVersionStatus' }) status: ConfigVersionStatus;
  @ApiProperty({ ...configDocumentRef }) config: ConfigDocument;
  @ApiProperty({ type: 'integer', example: 1, description: 'Bumped by every edit of a draft; send it back as `expectedVersion` to edit safely' })
  revision: number;
  @ApiProperty({ type: ActorDto }) createdBy: ActorDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt: string | null;

  static from(version: ConfigVersion, config: ConfigDocument): ConfigVersionDto {
    return {
      id: version.id,
      version: version.version,
      status: version.status,
      config,
      revision: version.revision,
      createdBy: { type: version.createdByType, id: version.createdById },
      createdAt: version.createdAt.toISOString(),
      updatedAt: version.updatedAt.toISOString(),
      publishedAt: version.publishedAt?.toISOString() ?? null,
    };
  }
}

export class ConfigVersionPageDto {
  @ApiProperty({ type: [ConfigVersionDto] }) items: ConfigVersionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class CreateDraftDto {
  @ApiPropertyOptional({ ...configDocumentRef, description: `${CONFIG_INPUT} Omitted: a copy of the published config (or the defaults).` })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class UpdateDraftDto {
  @ApiProperty({ ...configDocumentRef, description: `${CONFIG_INPUT} Replaces the draft's whole document.` })
  @IsObject()
  config: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, example: 1, description: 'The `revision` you read; 409 CONFLICT when the draft has changed since' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class DiffQueryDto {
  @ApiPropertyOptional({ default: 'published', example: 'published', description: 'A version id, or `published` (the defaults when nothing is published)' })
  @IsOptional()
  @Matches(new RegExp(`^(published|${UUID.source.slice(1, -1)})$`, 'i'), { message: 'against must be a version id or published' })
  against?: string;
}

export class VersionRefDto {
  @ApiProperty({ format: 'uuid' }) versionId: string;
  @ApiProperty({ type: 'integer', example: 3 }) version: number;
}

export class ConfigDiffDto {
  @ApiProperty({ type: VersionRefDto, nullable: true, description: 'The version diffed against; null: the default config' }) from: VersionRefDto | null;
  @ApiProperty({ type: VersionRefDto }) to: VersionRefDto;
  @ApiProperty({ ...patchOperationsSchema, description: 'RFC 6902 operations turning `from` into `to`' }) operations: JsonPatchOperation[];

  static from(diff: ConfigDiff): ConfigDiffDto {
    return { from: diff.from, to: diff.to, operations: diff.operations };
  }
}

export class ConfigQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "Preview this version (a draft, usually). Needs also the tenant's admin JWT or secret key in Authorization.",
  })
  @IsOptional()
  @Matches(UUID, { message: 'versionId must be a UUID' })
  versionId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Preview the config a pending agent proposal would make (applied to the published one). Same Authorization rule as versionId.',
  })
  @IsOptional()
  @Matches(UUID, { message: 'proposalId must be a UUID' })
  proposalId?: string;
}

/** The config the widget renders, and the version it came from. */
export class PublishedConfigDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: nothing published yet (the defaults)' }) versionId: string | null;
  @ApiProperty({ nullable: true, type: 'integer', example: 3 }) version: number | null;
  @ApiProperty({ enum: ConfigVersionStatus, enumName: 'ConfigVersionStatus', nullable: true, description: 'PUBLISHED, or what a previewed version is' })
  status: ConfigVersionStatus | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ ...configDocumentRef }) config: ConfigDocument;

  static fromPublished(published: PublishedConfig): PublishedConfigDto {
    const { version, config } = published;
    return {
      versionId: version?.id ?? null,
      version: version?.version ?? null,
      status: version?.status ?? null,
      publishedAt: version?.publishedAt?.toISOString() ?? null,
      config,
    };
  }
}
