import { ApiProperty } from '@nestjs/swagger';
import { CONFIG_CHANGE_ACTIONS, type ConfigChangeAction } from '@mais/config-versioning';
import { ActorType, ConfigChangeLog } from '@mais/config-versioning';

const SNAPSHOT =
  'A snapshot: for version changes `{ versionId, version, status, revision, config }` (PUBLISH and ROLLBACK: the published version before and after); ' +
  'proposal rows add `{ proposalId, agentName, agentModel, summary }`; null when there was nothing before.';

/** One row of the append-only audit trail. */
export class ConfigChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONFIG_CHANGE_ACTIONS, enumName: 'ConfigChangeAction' }) action: ConfigChangeAction;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The version created, edited or published' }) versionId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The proposal, for PROPOSE, APPROVE and REJECT' }) proposalId: string | null;
  @ApiProperty({ enum: ActorType, enumName: 'ActorType' }) actorType: ActorType;
  @ApiProperty({ nullable: true, type: String, description: 'The user id; for agents, the name they gave' }) actorId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: SNAPSHOT }) before: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: SNAPSHOT }) after: unknown;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(row: ConfigChangeLog): ConfigChangeDto {
    return {
      id: row.id,
      action: row.action as ConfigChangeAction,
      versionId: row.versionId,
      proposalId: row.proposalId,
      actorType: row.actorType,
      actorId: row.actorId,
      before: row.before,
      after: row.after,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class ConfigChangePageDto {
  @ApiProperty({ type: [ConfigChangeDto] }) items: ConfigChangeDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}
