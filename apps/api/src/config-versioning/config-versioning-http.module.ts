import { Module } from '@nestjs/common';
import { ConfigVersioningModule } from '@mais/config-versioning';
import { AdminConfigController } from './admin-config.controller';
import { AdminProposalsController } from './admin-proposals.controller';
import { AgentController } from './agent.controller';
import { AgentRateLimitGuard } from './agent-rate-limit.guard';
import { ConfigPreviewAccess } from './config-preview-access';
import { PublicConfigController } from './public-config.controller';

/** The HTTP face of @mais/config-versioning: public config, admin versions and reviews, agent routes. */
@Module({
  imports: [ConfigVersioningModule],
  controllers: [PublicConfigController, AdminConfigController, AdminProposalsController, AgentController],
  providers: [ConfigPreviewAccess, AgentRateLimitGuard],
})
export class ConfigVersioningHttpModule {}
