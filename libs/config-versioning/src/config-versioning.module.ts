import { Module } from '@nestjs/common';
import { AgentProposalService } from './agent-proposal.service';
import { ConfigVersionService } from './config-version.service';
import { ConfigWriter } from './config-writer';
import { PublishedConfigReader } from './published-config.reader';

/**
 * Versions, publishing and proposals, and the one reader of the published config (the catalog, the widget
 * and the emails import this module for it). Needs MikroORM and TenancyModule (CurrentTenant, TenantReadsChanged).
 */
@Module({
  providers: [ConfigWriter, ConfigVersionService, AgentProposalService, PublishedConfigReader],
  exports: [ConfigVersionService, AgentProposalService, PublishedConfigReader],
})
export class ConfigVersioningModule {}
