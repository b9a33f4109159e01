import { MikroORM } from '@mikro-orm/postgresql';
import { Package, TenantScopeMissingError } from '@mais/domain';
import { createOrmConfig } from '@mais/database';
import { createTestDatabase } from '@mais/testing';
import { TenantScope } from './tenant-scope';

describe(TenantScope.name, () => {
  let orm: MikroORM;
  let scope: TenantScope;
  beforeAll(async () => {
    orm = await MikroORM.init(createOrmConfig({ clientUrl: await createTestDatabase(), poolMax: 2 }));
    scope = new TenantScope(orm.em as never);
  });
  afterAll(() => orm?.close(true));

  it('binds a tenant for the work it runs, and nothing outside it', async () => {
    const tenantId = '00000000-0000-4000-8000-000000000001';
    await scope.run(tenantId, async () => {
      expect(scope.tenantId).toBe(tenantId);
      await expect(orm.em.find(Package, {})).resolves.toEqual([]);
    });
    await expect(scope.runUnscoped(async () => scope.tenantId)).rejects.toThrow(TenantScopeMissingError);
  });

  it("does not leak a tenant into unscoped work started inside that tenant's scope", async () => {
    await scope.run('00000000-0000-4000-8000-000000000002', async () => {
      await scope.runUnscoped(async () => {
        expect(scope.hasTenant).toBe(false);
        await expect(orm.em.find(Package, {})).rejects.toThrow(TenantScopeMissingError);
      });
    });
  });
});
