import { Module } from '@nestjs/common';
import { OwnTenantController } from './own-tenant.controller';
import { PublicTenantsController } from './public-tenants.controller';
import { TenantsController } from './tenants.controller';

/** Tenants: the platform admins' routes, an admin's own business, and the public profile behind a slug. */
@Module({ controllers: [TenantsController, OwnTenantController, PublicTenantsController] })
export class TenantsHttpModule {}
