import { Module } from '@nestjs/common';
import { ConfigVersioningModule } from '@mais/config-versioning';
import { AdminConfigController } from './admin-config.controller';
import { AdminProposalsController } from './admin-proposals.controller';
import { AgentController } from './agent.controller';
import { ConfigPreviewAccess } from './config-preview-access';
import { PublicConfigController } from './public-config.controller';
import { PublishedConfigBody } from './published-config-body';
import { LimitsModule } from '../limits/limits.module';
import { CredentialsModule } from '../auth/credentials.module';

/** The HTTP face of @mais/config-versioning: public config, admin versions and reviews, agent routes. */
@Module({
  imports: [ConfigVersioningModule, LimitsModule, CredentialsModule],
  controllers: [PublicConfigController, AdminConfigController, AdminProposalsController, AgentController],
  providers: [ConfigPreviewAccess, PublishedConfigBody],
  exports: [PublishedConfigBody, ConfigPreviewAccess],
})
export class ConfigVersioningHttpModule {}
