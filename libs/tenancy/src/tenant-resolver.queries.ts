import type { PreparedStatement } from '@mais/domain';

/** Every widget request on a cache miss (and every one with the cache off): parsed and planned once per connection. */
export const TENANT_BY_PUBLIC_KEY: PreparedStatement = {
  name: 'mais_tenant_by_public_key_v1',
  text: 'select id, is_active from tenants where public_key = $1',
};

export const PROFILE_BY_SLUG: PreparedStatement = {
  name: 'mais_tenant_profile_by_slug_v1',
  text: 'select id, slug, name, public_key, currency, timezone, is_active from tenants where slug = $1',
};
