import { Injectable } from '@nestjs/common';
import { Cache, getOrLoadBody, tenantNamespace } from '@mais/cache';
import { PublishedConfigReader } from '@mais/config-versioning';
import { CurrentTenant } from '@mais/domain';
import { PublishedConfigDto } from './dto/config-version.dto';

/**
 * The current tenant's published config as GET /v1/config answers it (PublishedConfigDto as JSON text, or a
 * cache hit's bytes). It is on every widget load, through that route and inlined in the widget page: one
 * cache entry serves both, and publish and rollback drop it.
 */
@Injectable()
export class PublishedConfigBody {
  constructor(
    private readonly reader: PublishedConfigReader,
    private readonly cache: Cache,
    private readonly currentTenant: CurrentTenant,
  ) {}

  json(): Promise<string | Buffer> {
    return getOrLoadBody(this.cache, tenantNamespace(this.currentTenant.tenantId), 'config', 300, async () =>
      JSON.stringify(PublishedConfigDto.fromPublished(await this.reader.read())),
    );
  }
}
