import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { ConflictError, CurrentTenant, decodeCursor, NotFoundError, type Page, type PageRequest, pageSize, toPage, ValidationError } from '@mais/domain';
import { ActorType, ConfigVersion } from './entities/config-version.entity';
import { AgentProposal, ProposalStatus } from './entities/agent-proposal.entity';
import type { Actor } from './actor';
import { recordChange, snapshotOf } from './change-log';
import type { VersionRef } from './config-version.service';
import { ConfigWriter } from './config-writer';
import {
  applyConfigPatch,
  type ConfigDocument,
  type ConfigFieldError,
  type ConfigPatchFailureReason,
  defaultConfig,
  diffConfigs,
  type JsonPatchOperation,
} from './document';
import { monotonicUuidV7 } from './uuid-v7';
import { createVersion, findPublished, readStoredConfig } from './version-store';

export interface ProposalInput {
  summary: string;
  rationale?: string | null;
  /** RFC 6902 operations against the published config. */
  patch: unknown;
  agent?: { name: string; model?: string | null } | null;
}

/**
 * A proposal as a reviewer sees it. A pending proposal is re-applied to the config published now
 * (which may have changed since the agent wrote it); a reviewed one to the version it was based on.
 */
export interface ProposalReview {
  /** The version the patch was applied to for this diff; null: the default config. */
  against: VersionRef | null;
  /** Whether the published version has changed since the proposal was made. */
  baseChanged: boolean;
  applicable: boolean;
  /** RFC 6902 operations from `against` to the proposed config; null when the patch does not apply. */
  diff: JsonPatchOperation[] | null;
  conflict: { reason: ConfigPatchFailureReason; errors: ConfigFieldError[] } | null;
}

export interface ProposalView {
  proposal: AgentProposal;
  review: ProposalReview;
}

export interface ProposalFilter extends PageRequest {
  status?: ProposalStatus;
}

const PATCH_FAILURE_MESSAGES: Record<ConfigPatchFailureReason, string> = {
  MALFORMED_PATCH: 'The patch is not a list of valid RFC 6902 operations',
  PATCH_CONFLICT: 'The patch does not apply to the published config',
  INVALID_RESULT: 'The patch would make the config invalid',
};

/**
 * AI agents' proposed config changes: an agent proposes (validated, stored, audited with actor AGENT);
 * only a user approves (a new version, published when asked) or rejects. Reviews take the tenant's
 * config lock, so a proposal is reviewed once and approval never races a publish.
 */
@Injectable()
export class AgentProposalService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly writer: ConfigWriter,
  ) {}

  /** Applies the patch to a copy of the published config; a patch that fails stores nothing (400). */
  async propose(input: ProposalInput): Promise<ProposalView> {
    const published = await findPublished(this.em);
    const base = published ? readStoredConfig(published.config) : defaultConfig();
    const result = applyConfigPatch(base, input.patch);
    if (!result.ok) throw new ValidationError(PATCH_FAILURE_MESSAGES[result.reason], result.errors);

    const agentName = input.agent?.name ?? null;
    const agentModel = input.agent?.model ?? null;
    const actor: Actor = { type: ActorType.AGENT, id: agentName };
    const tenant = this.currentTenant.tenantRef();
    const proposal = await this.em.transactional(async (em) => {
      const created = em.create(AgentProposal, {
        id: monotonicUuidV7(),
        tenant,
        summary: input.summary,
        rationale: input.rationale ?? null,
        patch: input.patch as unknown[],
        agentName,
        agentModel,
        baseVersionId: published?.id ?? null,
      });
      recordChange(em, tenant, {
        action: 'PROPOSE',
        actor,
        versionId: published?.id ?? null,
        proposalId: created.id,
        before: published ? snapshotOf(published) : null,
        after: { proposalId: created.id, agentName, agentModel, summary: input.summary, patch: input.patch, config: result.value },
      });
      return created;
    });
    return {
      proposal,
      review: { against: refOf(published), baseChanged: false, applicable: true, diff: diffConfigs(base, result.value), conflict: null },
    };
  }

  /** Newest first, optionally only those with `status`. */
  async list(filter: ProposalFilter = {}): Promise<Page<ProposalView>> {
    const limit = pageSize(filter);
    const where: FilterQuery<AgentProposal> = {};
    if (filter.status) where.status = filter.status;
    if (filter.cursor) {
      const [at, id] = decodeCursor(filter.cursor, ['instant', 'uuid']);
      where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }];
    }
    const rows = await this.em.find(AgentProposal, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const page = toPage(rows, limit, (last) => [last.createdAt.toISOString(), last.id]);
    return { items: await this.review(page.items), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<ProposalView> {
    const proposal = await this.em.findOne(AgentProposal, { id });
    if (!proposal) throw new NotFoundError('Proposal');
    const [view] = await this.review([proposal]);
    return view;
  }

  /**
   * The config a pending proposal would make, applied to the config published now (what approving it would
   * store), for the admin's preview of the widget with it; a proposal that no longer applies is 409.
   */
  async resultConfig(id: string): Promise<ConfigDocument> {
    const proposal = await this.em.findOne(AgentProposal, { id });
    if (!proposal) throw new NotFoundError('Proposal');
    const published = await findPublished(this.em);
    const result = applyConfigPatch(published ? readStoredConfig(published.config) : defaultConfig(), proposal.patch);
    if (!result.ok) throw new ConflictError('This proposal no longer applies to the published configuration');
    return result.value;
  }

  /**
   * Applies the proposal to the config published now and saves the result as a new version (a draft,
   * published at once when `publish`). 409 when it was already reviewed or no longer applies.
   */
  async approve(actor: Actor, id: string, options: { publish?: boolean } = {}): Promise<{ proposal: ProposalView; version: ConfigVersion }> {
    const tenant = this.currentTenant.tenantRef();
    const { proposal, version } = await this.writer.write(async (em) => {
      const proposal = await this.loadPending(em, id);
      const published = await findPublished(em);
      const current = published ? readStoredConfig(published.config) : defaultConfig();
      const result = applyConfigPatch(current, proposal.patch);
      if (!result.ok) {
        const target = published ? `version ${published.version}, published since the proposal was made` : 'the default config';
        throw new ConflictError(`The proposal no longer applies to ${target}: ${describe(result.errors)}`);
      }
      const draft = await createVersion(em, tenant, result.value, actor);
      proposal.status = ProposalStatus.APPROVED;
      proposal.resultVersionId = draft.id;
      proposal.reviewedById = actor.id;
      proposal.reviewedAt = new Date();
      recordChange(em, tenant, {
        action: 'APPROVE',
        actor,
        versionId: draft.id,
        proposalId: proposal.id,
        before: published ? snapshotOf(published) : null,
        after: { ...snapshotOf(draft), ...proposalFacts(proposal), publish: options.publish === true },
      });
      if (options.publish) await this.writer.publish(em, draft, actor);
      return { proposal, version: draft };
    });
    if (options.publish) await this.writer.publishedConfigChanged();
    const [view] = await this.review([proposal]);
    return { proposal: view, version };
  }

  async reject(actor: Actor, id: string, reason: string): Promise<ProposalView> {
    const tenant = this.currentTenant.tenantRef();
    const proposal = await this.writer.write(async (em) => {
      const proposal = await this.loadPending(em, id);
      proposal.status = ProposalStatus.REJECTED;
      proposal.rejectionReason = reason;
      proposal.reviewedById = actor.id;
      proposal.reviewedAt = new Date();
      recordChange(em, tenant, {
        action: 'REJECT',
        actor,
        proposalId: proposal.id,
        before: { proposalId: proposal.id, status: ProposalStatus.PENDING },
        after: { ...proposalFacts(proposal), status: ProposalStatus.REJECTED, reason },
      });
      return proposal;
    });
    const [view] = await this.review([proposal]);
    return view;
  }

  private async loadPending(em: EntityManager, id: string): Promise<AgentProposal> {
    const proposal = await em.findOne(AgentProposal, { id });
    if (!proposal) throw new NotFoundError('Proposal');
    if (proposal.status !== ProposalStatus.PENDING) {
      throw new ConflictError(`This proposal was already ${proposal.status.toLowerCase()}; a proposal is reviewed once`);
    }
    return proposal;
  }

  /** Re-applies each proposal: pending ones to the config published now, reviewed ones to their base. */
  private async review(proposals: AgentProposal[]): Promise<ProposalView[]> {
    if (proposals.length === 0) return [];
    const published = await findPublished(this.em);
    const baseIds = [...new Set(proposals.filter((p) => p.status !== ProposalStatus.PENDING && p.baseVersionId).map((p) => p.baseVersionId!))];
    const bases = new Map((baseIds.length ? await this.em.find(ConfigVersion, { id: { $in: baseIds } }) : []).map((v) => [v.id, v] as const));
    const configs = new Map<ConfigVersion | null, ConfigDocument>();
    const configOf = (version: ConfigVersion | null) => {
      let config = configs.get(version);
      if (!config) configs.set(version, (config = version ? readStoredConfig(version.config) : defaultConfig()));
      return config;
    };

    return proposals.map((proposal) => {
      const against = proposal.status === ProposalStatus.PENDING ? published : proposal.baseVersionId ? (bases.get(proposal.baseVersionId) ?? null) : null;
      const config = configOf(against);
      const result = applyConfigPatch(config, proposal.patch);
      const review: ProposalReview = {
        against: refOf(against),
        baseChanged: (proposal.baseVersionId ?? null) !== (published?.id ?? null),
        applicable: result.ok,
        diff: result.ok ? diffConfigs(config, result.value) : null,
        conflict: result.ok ? null : { reason: result.reason, errors: result.errors },
      };
      return { proposal, review };
    });
  }
}

function refOf(version: ConfigVersion | null): VersionRef | null {
  return version ? { versionId: version.id, version: version.version } : null;
}

function proposalFacts(proposal: AgentProposal) {
  return { proposalId: proposal.id, agentName: proposal.agentName, agentModel: proposal.agentModel, summary: proposal.summary };
}

function describe(errors: ConfigFieldError[]): string {
  const shown = errors.slice(0, 3).map((e) => (e.field ? `${e.field} ${e.message}` : e.message));
  return shown.join('; ') + (errors.length > 3 ? `; and ${errors.length - 3} more` : '');
}
