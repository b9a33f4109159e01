import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ConfigVersioningHttpModule } from '../config-versioning/config-versioning-http.module';
import { ConsoleController } from './console.controller';
import { WebAssets } from './web-assets';
import { WidgetController } from './widget.controller';

/** The browser front ends the API serves (web/, built by `npm run build`): the widget's page and embed.js, the admin console, their files. */
@Module({
  imports: [CatalogModule, ConfigVersioningHttpModule],
  controllers: [WidgetController, ConsoleController],
  providers: [WebAssets],
})
export class WebModule {}
