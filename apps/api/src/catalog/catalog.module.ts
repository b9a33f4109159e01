import { Module } from '@nestjs/common';
import { CatalogService } from '@mais/domain';
import { AdminPackagesController } from './admin-packages.controller';
import { CatalogDisplay } from './catalog-display';
import { PackagesController } from './packages.controller';
import { PublicCatalogService } from './public-catalog.service';

@Module({
  controllers: [PackagesController, AdminPackagesController],
  providers: [CatalogService, PublicCatalogService, CatalogDisplay],
  exports: [CatalogService, PublicCatalogService],
})
export class CatalogModule {}
