import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { Package, TENANT_FILTER, TenantScopeMissingError } from '@mais/domain';
import { createOrmConfig } from '@mais/database';
import { createTestDatabase } from '@mais/testing';
import { RequestTenancy } from './request-tenancy';
import { TenantScope } from './tenant-scope';

describe(RequestTenancy.name, () => {
  let orm: MikroORM;
  let scope: TenantScope;
  let requests: RequestTenancy;
  beforeAll(async () => {
    orm = await MikroORM.init(createOrmConfig({ clientUrl: await createTestDatabase(), poolMax: 2 }));
    scope = new TenantScope(orm.em as never);
    requests = new RequestTenancy(orm.em as never);
  });
  afterAll(() => orm?.close(true));

  const tenantId = '00000000-0000-4000-8000-000000000003';
  const forks = () => RequestContext.currentRequestContext()!.map;

  it('binds a tenant without forking, and forks only when the EntityManager is first used', async () => {
    await requests.run(async () => {
      expect(scope.hasTenant).toBe(false);
      scope.enter(tenantId);
      expect(scope.tenantId).toBe(tenantId);
      expect(forks().size).toBe(0); // what a cache hit costs: no fork

      await expect(orm.em.find(Package, {})).resolves.toEqual([]);
      expect(forks().size).toBe(1);
      const fork = RequestContext.getEntityManager()!;
      expect(fork).not.toBe(orm.em);
      expect(fork.getFilterParams(TENANT_FILTER)).toEqual({ tenantId });
      expect(scope.tenantId).toBe(tenantId);
    });
  });

  it('keeps the tenant filter in force when no tenant was bound, and binds one entered after the fork', async () => {
    await requests.run(async () => {
      await expect(orm.em.find(Package, {})).rejects.toThrow(TenantScopeMissingError);
      expect(() => scope.tenantId).toThrow(TenantScopeMissingError);
      scope.enter(tenantId);
      expect(RequestContext.getEntityManager()!.getFilterParams(TENANT_FILTER)).toEqual({ tenantId });
      await expect(orm.em.find(Package, {})).resolves.toEqual([]);
    });
  });

  it('gives concurrent requests their own tenant and their own fork', async () => {
    const other = '00000000-0000-4000-8000-000000000004';
    const seen = await Promise.all(
      [tenantId, other].map((id) =>
        requests.run(async () => {
          scope.enter(id);
          await new Promise((resolve) => setTimeout(resolve, 5));
          await orm.em.find(Package, {});
          return { tenantId: scope.tenantId, fork: RequestContext.getEntityManager()! };
        }),
      ),
    );
    expect(seen.map((s) => s.tenantId)).toEqual([tenantId, other]);
    expect(seen[0].fork).not.toBe(seen[1].fork);
  });
});
