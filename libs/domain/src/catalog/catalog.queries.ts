import type { PreparedStatement } from '../common/prepared-statement';

/**
 * One row per matching package (or one row with a null id when none matches), the tenant's columns on
 * each. `row_to_json` writes compact JSON with the same
 * escaping as JSON.stringify. Every table is constrained by $1, the tenant in scope.
 */
export const ACTIVE_CATALOG: PreparedStatement = {
  name: 'mais_catalog_active_v2',
  text: `select t.currency, t.timezone, p.id, p.slug, p.name, p.description, p.base_price_cents, p.tier, p.photo_url,
      case when p.id is not null then coalesce((
        select '[' || string_agg(row_to_json(r)::text, ',' order by a.created_at, a.id) || ']'
        from add_ons a
        cross join lateral (select a.id, a.slug, a.name, a.description, a.price_cents as "priceCents", a.photo_url as "photoUrl") r
        where a.package_id = p.id and a.tenant_id = t.id and a.active), '[]') end as add_ons
    from tenants t
    left join lateral (
      select p.id, p.slug, p.name, p.description, p.base_price_cents, p.tier, p.photo_url,
        row_number() over (order by p.name, p.id) as n
      from packages p
      where p.tenant_id = t.id and p.active
        and ($2::text is null or p.tier = $2)
        and ($3::numeric is null or p.base_price_cents >= $3)
        and ($4::numeric is null or p.base_price_cents <= $4)
        and ($5::text is null or p.name ilike $5 or p.description ilike $5)
        and ($6::text is null or p.slug = $6)
    ) p on true
    where t.id = $1
    order by p.n`,
};
