import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@mais/domain';
import { type ResolvedTenant, TenantResolver } from '@mais/tenancy';
import { bearerOf } from '../credentials';
import type { Principal } from '../principal';

/** The agent's scheme: `Authorization: Bearer sk_live_…` names an active tenant. */
@Injectable()
export class SecretKeyStrategy extends PassportStrategy(Strategy, 'secret-key') {
  constructor(private readonly resolver: TenantResolver) {
    super();
  }

  async validate(request: FastifyRequest): Promise<Extract<Principal, { kind: 'agent' }>> {
    const token = bearerOf(request);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'A secret key is required (Authorization: Bearer sk_live_…)');
    const tenant = await this.tenantOf(token);
    return { kind: 'agent', tenantId: tenant.id };
  }

  /** The active tenant of a secret key, or UNAUTHENTICATED / TENANT_INACTIVE. */
  tenantOf(secretKey: string): Promise<ResolvedTenant> {
    return this.resolver.bySecretKey(secretKey);
  }
}
