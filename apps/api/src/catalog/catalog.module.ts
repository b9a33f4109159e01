import { Module } from '@nestjs/common';
import { CatalogService } from '@mais/domain';
import { AdminPackagesController } from './admin-packages.controller';
import { PackagesController } from './packages.controller';
import { PublicCatalogService } from './public-catalog.service';

@Module({
  controllers: [PackagesController, AdminPackagesController],
  providers: [CatalogService, PublicCatalogService],
  exports: [CatalogService, PublicCatalogService],
})
export class CatalogModule {}
