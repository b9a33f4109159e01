import { Module } from '@nestjs/common';
import { ConfigVersioningModule } from '@mais/config-versioning';
import { CatalogService } from '@mais/domain';
import { ConfigVersioningHttpModule } from '../config-versioning/config-versioning-http.module';
import { AdminPackagesController } from './admin-packages.controller';
import { PackagesController } from './packages.controller';
import { PublicCatalogService } from './public-catalog.service';

@Module({
  imports: [ConfigVersioningModule, ConfigVersioningHttpModule],
  controllers: [PackagesController, AdminPackagesController],
  providers: [CatalogService, PublicCatalogService],
  exports: [CatalogService, PublicCatalogService],
})
export class CatalogModule {}
