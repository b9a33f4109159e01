import type { PreparedStatement } from '@mais/domain';

/** The tenant's published version ($1: the tenant in scope): at most one row (a partial unique index). */
export const PUBLISHED_CONFIG: PreparedStatement = {
  name: 'mais_published_config_v1',
  text: `select id, version, status, published_at, config from config_versions where tenant_id = $1 and status = 'PUBLISHED'`,
};
