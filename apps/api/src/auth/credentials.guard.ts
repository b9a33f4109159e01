import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { TenantScope } from '@mais/tenancy';
import { AUTH_KIND, AuthKind } from './auth.decorators';
import { Principal } from './principal';
import { AdminJwtStrategy } from './strategies/admin-jwt.strategy';
import { PlatformAdminStrategy } from './strategies/platform-admin.strategy';
import { SecretKeyStrategy } from './strategies/secret-key.strategy';
import { TenantKeyStrategy } from './strategies/tenant-key.strategy';

declare module 'http' {
  interface IncomingMessage {
    /** For the request log line. */
    tenantId?: string;
  }
}

type CredentialKind = Exclude<AuthKind, 'none'>;

/**
 * Authenticates every route with the strategy of its declared AuthKind and binds the request's
 * EntityManager to the resolved tenant (TenantScope), so everything downstream is tenant-scoped by
 * construction. It calls the injected strategy's `validate` itself rather than passport's `authenticate`,
 * which finds strategies by name in one registry per process: with several apps in a process (tests), the
 * last one built would authenticate them all (ADR 0023). The strategies throw the domain errors the
 * ProblemFilter renders.
 */
@Injectable()
export class CredentialsGuard implements CanActivate {
  private readonly strategies: Record<CredentialKind, { validate(request: FastifyRequest): Promise<Principal> }>;

  constructor(
    private readonly reflector: Reflector,
    private readonly scope: TenantScope,
    tenantKey: TenantKeyStrategy,
    secretKey: SecretKeyStrategy,
    adminJwt: AdminJwtStrategy,
    platformAdmin: PlatformAdminStrategy,
  ) {
    this.strategies = { widget: tenantKey, agent: secretKey, 'tenant-admin': adminJwt, 'platform-admin': platformAdmin };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const kind = this.reflector.getAllAndOverride<AuthKind | undefined>(AUTH_KIND, [context.getHandler(), context.getClass()]);
    if (!kind) throw new Error(`Route ${context.getClass().name}.${context.getHandler().name} declares no @Auth()`);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.principal = kind === 'none' ? { kind: 'anonymous' } : await this.strategies[kind].validate(request);
    const tenantId = 'tenantId' in request.principal ? request.principal.tenantId : null;
    if (tenantId && kind !== 'platform-admin') {
      this.scope.enter(tenantId);
      request.raw.tenantId = tenantId;
    }
    return true;
  }
}
