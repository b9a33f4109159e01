import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import type { FastifyRequest } from 'fastify';
import { DomainError, UserRole, ValidationError } from '@mais/domain';
import { AdminTokenService, TenantResolver, UserService } from '@mais/tenancy';
import { bearerOf, header } from '../credentials';
import type { Principal } from '../principal';

export type AdminPrincipal = Extract<Principal, { kind: 'user' }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The admin scheme, `Authorization: Bearer <jwt>` from POST /v1/admin/login, on tenant-scoped routes:
 * a tenant admin acts on their own (active) tenant, a platform admin names one with X-Tenant-Id.
 * The token and the user are checked by `userOf`, which the other admin checks share.
 */
@Injectable()
export class AdminJwtStrategy extends PassportStrategy(Strategy, 'admin-jwt') {
  constructor(
    private readonly tokens: AdminTokenService,
    private readonly users: UserService,
    private readonly resolver: TenantResolver,
  ) {
    super();
  }

  async validate(request: FastifyRequest): Promise<AdminPrincipal> {
    const user = await this.admin(request);
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

  /** The admin behind the request's bearer token; a tenant key there gets a message saying which credential this is. */
  async admin(request: FastifyRequest): Promise<AdminPrincipal> {
    const token = bearerOf(request);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'An admin token is required (Authorization: Bearer <jwt>)');
    if (token.startsWith('sk_live_') || token.startsWith('pk_live_')) {
      throw new DomainError('UNAUTHENTICATED', 'This route takes an admin token (Authorization: Bearer <jwt> from POST /v1/admin/login), not a tenant key');
    }
    return this.userOf(token);
  }

  /** Verifies the JWT and that its user still exists and is active (deleted or disabled users lose access at once). */
  async userOf(token: string): Promise<AdminPrincipal> {
    const claims = this.tokens.verify(token);
    const user = await this.users.findActiveById(claims.sub);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
    return { kind: 'user', userId: user.id, role: user.role, tenantId: user.tenant?.id ?? null };
  }
}
