export * from './document';
export type { Actor } from './actor';
export { CONFIG_CHANGE_ACTIONS, type ConfigChangeAction, type VersionSnapshot } from './change-log';
export { ConfigVersionService, type ConfigDiff, type DiffTarget, type PublishedConfig, type VersionRef } from './config-version.service';
export { AgentProposalService, type ProposalFilter, type ProposalInput, type ProposalReview, type ProposalView } from './agent-proposal.service';
export { ConfigVersioningModule } from './config-versioning.module';
