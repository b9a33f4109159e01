import { type ApiClient, type ClientOptions, createApiClient } from './client';
import type { components, operations } from './schema';

type Schemas = components['schemas'];
export type ConfigDocument = Schemas['ConfigDocument'];
export type JsonPatchOperation = Schemas['JsonPatchOperation'];
export type PublishedConfig = Schemas['PublishedConfigDto'];
export type Proposal = Schemas['ProposalDto'];
export type ProposalPage = Schemas['ProposalPageDto'];
export type ProposeInput = Schemas['ProposeDto'];
export type ProposalQuery = NonNullable<operations['listAgentProposals']['parameters']['query']>;

export interface AgentClientOptions extends Omit<ClientOptions, 'headers'> {
  /** The tenant's secret key, `sk_live_…`. */
  secretKey: string;
}

/** What an agent may do with MAIS: read the published config and propose changes for an admin to review. */
export interface AgentClient {
  getConfig(): Promise<PublishedConfig>;
  propose(input: ProposeInput): Promise<Proposal>;
  listProposals(query?: ProposalQuery): Promise<ProposalPage>;
  getProposal(id: string): Promise<Proposal>;
  /** The typed client for any route, authenticated with the secret key. */
  readonly api: ApiClient;
}

export function createAgentClient(options: AgentClientOptions): AgentClient {
  const { secretKey, ...rest } = options;
  const api = createApiClient({ ...rest, headers: { authorization: `Bearer ${secretKey}` } });
  return {
    api,
    getConfig: () => api.GET('/v1/agent/config'),
    propose: (input) => api.POST('/v1/agent/proposals', { body: input }),
    listProposals: (query) => api.GET('/v1/agent/proposals', { query }),
    getProposal: (id) => api.GET('/v1/agent/proposals/{id}', { path: { id } }),
  };
}
