import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError, UserRole, ValidationError } from '@mais/domain';
import { AdminTokenService, TenantResolver, TenantScope, UserService } from '@mais/tenancy';
import { AUTH_KIND, AuthKind } from './auth.decorators';
import { Principal } from './principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

declare module 'http' {
  interface IncomingMessage {
    /** For the request log line. */
    tenantId?: string;
  }
}

/**
 * Authenticates every route by its declared AuthKind and binds the request's forked EntityManager
 * to the resolved tenant (TenantScope), so everything downstream is tenant-scoped by construction.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: TenantResolver,
    private readonly scope: TenantScope,
    private readonly tokens: AdminTokenService,
    private readonly users: UserService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const kind = this.reflector.getAllAndOverride<AuthKind | undefined>(AUTH_KIND, [context.getHandler(), context.getClass()]);
    if (!kind) throw new Error(`Route ${context.getClass().name}.${context.getHandler().name} declares no @Auth()`);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.principal = await this.authenticate(kind, request);
    const tenantId = 'tenantId' in request.principal ? request.principal.tenantId : null;
    if (tenantId && kind !== 'platform-admin') {
      this.scope.enter(tenantId);
      request.raw.tenantId = tenantId;
    }
    return true;
  }

  private async authenticate(kind: AuthKind, request: FastifyRequest): Promise<Principal> {
    switch (kind) {
      case 'none':
        return { kind: 'anonymous' };
      case 'widget': {
        const tenant = await this.resolver.byPublicKey(header(request, 'x-tenant-key'));
        return { kind: 'widget', tenantId: tenant.id };
      }
      case 'agent': {
        const token = bearer(request);
        if (!token) throw new DomainError('UNAUTHENTICATED', 'A secret key is required (Authorization: Bearer sk_live_…)');
        const tenant = await this.resolver.bySecretKey(token);
        return { kind: 'agent', tenantId: tenant.id };
      }
      case 'platform-admin': {
        const user = await this.adminUser(request);
        if (user.role !== UserRole.PLATFORM_ADMIN) throw new DomainError('FORBIDDEN', 'Platform admins only');
        return user;
      }
      case 'tenant-admin':
        return this.tenantAdmin(request);
    }
  }

  private async tenantAdmin(request: FastifyRequest): Promise<Principal> {
    const user = await this.adminUser(request);
    const requested = header(request, 'x-tenant-id');
    if (user.role === UserRole.TENANT_ADMIN) {
      if (requested && requested !== user.tenantId) throw new DomainError('FORBIDDEN', 'Tenant admins act on their own tenant only');
      const tenant = await this.resolver.byId(user.tenantId!);
      if (!tenant.isActive) throw new DomainError('TENANT_INACTIVE', 'This tenant is not active');
      return user;
    }
    if (!requested) {
      throw new ValidationError('Platform admins choose a tenant', [{ field: 'X-Tenant-Id', message: 'header required on tenant-scoped routes' }]);
    }
    if (!UUID.test(requested)) throw new ValidationError('Invalid X-Tenant-Id', [{ field: 'X-Tenant-Id', message: 'must be a UUID' }]);
    const tenant = await this.resolver.byId(requested);
    return { ...user, tenantId: tenant.id };
  }

  /** Verifies the JWT and that its user still exists and is active (deleted or disabled users lose access at once). */
  private async adminUser(request: FastifyRequest): Promise<Extract<Principal, { kind: 'user' }>> {
    const token = bearer(request);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'An admin token is required (Authorization: Bearer <jwt>)');
    if (token.startsWith('sk_live_') || token.startsWith('pk_live_')) {
      throw new DomainError('UNAUTHENTICATED', 'This route takes an admin token (Authorization: Bearer <jwt> from POST /v1/admin/login), not a tenant key');
    }
    const claims = this.tokens.verify(token);
    const user = await this.users.findActiveById(claims.sub);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
    return { kind: 'user', userId: user.id, role: user.role, tenantId: user.tenant?.id ?? null };
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function bearer(request: FastifyRequest): string | undefined {
  const value = header(request, 'authorization');
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}
