export * from './document';
export type { Actor } from './actor';
export { CONFIG_CHANGE_ACTIONS, type ConfigChangeAction, type VersionSnapshot } from './change-log';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageRequest } from './pagination';
export { ConfigVersionService, type ConfigDiff, type DiffTarget, type PublishedConfig, type VersionRef } from './config-version.service';
export {
  AgentProposalService,
  type ProposalFilter,
  type ProposalInput,
  type ProposalReview,
  type ProposalView,
} from './agent-proposal.service';
export { ConfigVersioningModule } from './config-versioning.module';
