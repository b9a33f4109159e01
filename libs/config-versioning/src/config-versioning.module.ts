import { Global, Module } from '@nestjs/common';
import { AgentProposalService } from './agent-proposal.service';
import { ConfigVersionService } from './config-version.service';
import { ConfigWriter } from './config-writer';

/**
 * Global: the public catalog reads the published config wherever it is shaped. Needs MikroORM and
 * TenancyModule (CurrentTenant, TenantReadsChanged).
 */
@Global()
@Module({
  providers: [ConfigWriter, ConfigVersionService, AgentProposalService],
  exports: [ConfigVersionService, AgentProposalService],
})
export class ConfigVersioningModule {}
