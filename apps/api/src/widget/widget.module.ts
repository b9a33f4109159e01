import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ConfigVersioningHttpModule } from '../config-versioning/config-versioning-http.module';
import { WebAssets } from './web-assets';
import { WidgetController } from './widget.controller';

/** The booking widget's page, its built files and embed.js (web/, built by `npm run build`). */
@Module({
  imports: [CatalogModule, ConfigVersioningHttpModule],
  controllers: [WidgetController],
  providers: [WebAssets],
})
export class WidgetModule {}
