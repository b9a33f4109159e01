import { ConfigVersion } from './entities/config-version.entity';
import { ConfigChangeLog } from './entities/config-change-log.entity';
import { AgentProposal } from './entities/agent-proposal.entity';

/** The config versions, their change log and agent proposals: this library's tables, gathered with the others' by libs/database. */
export const CONFIG_VERSIONING_ENTITIES = [ConfigVersion, ConfigChangeLog, AgentProposal];
