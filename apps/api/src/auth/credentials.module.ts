import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CredentialsGuard } from './credentials.guard';
import { AdminJwtStrategy } from './strategies/admin-jwt.strategy';
import { PlatformAdminStrategy } from './strategies/platform-admin.strategy';
import { SecretKeyStrategy } from './strategies/secret-key.strategy';
import { TenantKeyStrategy } from './strategies/tenant-key.strategy';

const STRATEGIES = [TenantKeyStrategy, SecretKeyStrategy, AdminJwtStrategy, PlatformAdminStrategy];

/**
 * Every credential the API accepts, one passport strategy per scheme (tenant-key, secret-key, admin-jwt and
 * its platform-admin rule), and the global guard that applies the one each route declares with @Auth().
 * The config preview and the queue dashboard check their credentials with these same strategies.
 */
@Module({
  providers: [...STRATEGIES, { provide: APP_GUARD, useClass: CredentialsGuard }],
  exports: STRATEGIES,
})
export class CredentialsModule {}
