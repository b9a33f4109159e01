import { Entity, Enum, Index, Property, Opt } from '@mikro-orm/core';
import { TenantOwned, TenantOwnedEntity } from '@mais/domain';

export enum ProposalStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/** An AI agent's proposed configuration change (an RFC 6902 patch); only a human approves it. */
@Entity({ tableName: 'agent_proposals' })
@TenantOwned()
@Index({ name: 'agent_proposals_tenant_status_idx', properties: ['tenant', 'status'] })
export class AgentProposal extends TenantOwnedEntity {
  @Enum({ items: () => ProposalStatus, default: ProposalStatus.PENDING })
  status: Opt<ProposalStatus> = ProposalStatus.PENDING;

  @Property({ type: 'string', length: 500 })
  summary: string;

  @Property({ type: 'text', nullable: true })
  rationale: string | null = null;

  @Property({ type: 'jsonb' })
  patch: unknown[];

  @Property({ type: 'string', length: 120, nullable: true })
  agentName: string | null = null;

  @Property({ type: 'string', length: 120, nullable: true })
  agentModel: string | null = null;

  /** The published version the patch was written against (null: the default config). */
  @Property({ type: 'uuid', nullable: true })
  baseVersionId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  resultVersionId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  reviewedById: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;
}
