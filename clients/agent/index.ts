export { createApiClient, MaisApiError, type ApiClient, type ClientOptions, type Problem } from './client';
export {
  createAgentClient,
  type AgentClient,
  type AgentClientOptions,
  type ConfigDocument,
  type JsonPatchOperation,
  type Proposal,
  type ProposalPage,
  type ProposalQuery,
  type ProposeInput,
  type PublishedConfig,
} from './agent-client';
export type { components, operations, paths } from './schema';
