import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { CurrentTenant, TenantReadsChanged } from '@mais/domain';
import { Settings } from '@mais/settings';
import { AdminTokenService } from './admin-token.service';
import { SecretCipher } from './secret-cipher';
import { TenantService } from './tenant.service';
import { UserService } from './user.service';
import { TenantResolver } from './tenant-resolver';
import { TenantScope } from './tenant-scope';
import { RequestTenancy } from './request-tenancy';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [Settings],
      useFactory: (s: Settings) => ({ secret: s.jwtSecret, signOptions: { algorithm: 'HS256', expiresIn: s.jwtExpiresInSeconds } }),
    }),
  ],
  providers: [
    TenantService,
    UserService,
    AdminTokenService,
    TenantScope,
    RequestTenancy,
    TenantResolver,
    { provide: CurrentTenant, useExisting: TenantScope },
    TenantReadsChanged,
    { provide: SecretCipher, inject: [Settings], useFactory: (s: Settings) => new SecretCipher(s.tenantSecretsEncryptionKey) },
  ],
  exports: [TenantScope, RequestTenancy, CurrentTenant, TenantReadsChanged, TenantResolver, SecretCipher, TenantService, UserService, AdminTokenService],
})
export class TenancyModule {}
