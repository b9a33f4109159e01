import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant, runPrepared } from '@mais/domain';
import type { ConfigVersion, ConfigVersionStatus } from './entities/config-version.entity';
import { type ConfigDocument, defaultConfig } from './document';
import { PUBLISHED_CONFIG } from './published-config.queries';
import { readStoredConfig } from './version-store';

/** The config the public sees: the published version, or the defaults (version null) when none is. */
export interface PublishedConfig {
  version: Pick<ConfigVersion, 'id' | 'version' | 'status' | 'publishedAt'> | null;
  config: ConfigDocument;
}

interface PublishedRow {
  id: string;
  version: number;
  status: ConfigVersionStatus;
  published_at: Date | string | null;
  config: unknown;
}

/**
 * The one way to read the tenant's published config outside a config write: the widget's GET /v1/config,
 * the catalog's display rules and the emails' branding all come through here. One prepared statement and
 * no entity (nothing enters the identity map); the document comes back validated and migrated to the
 * current schema. Writes read the published version as an entity under the config lock (findPublished).
 */
@Injectable()
export class PublishedConfigReader {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
  ) {}

  async read(): Promise<PublishedConfig> {
    // Raw SQL is not tenant-filtered: the statement names the tenant in scope.
    const [row] = await runPrepared<PublishedRow>(this.em, PUBLISHED_CONFIG, [this.currentTenant.tenantId]);
    if (!row) return { version: null, config: defaultConfig() };
    const publishedAt = row.published_at === null ? null : new Date(row.published_at);
    return { version: { id: row.id, version: row.version, status: row.status, publishedAt }, config: readStoredConfig(row.config) };
  }
}
