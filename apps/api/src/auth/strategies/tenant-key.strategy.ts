import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import type { FastifyRequest } from 'fastify';
import { TenantResolver } from '@mais/tenancy';
import { header } from '../credentials';
import type { Principal } from '../principal';

/** The widget's scheme: `X-Tenant-Key: pk_live_…` names an active tenant (resolved from the cache on the hot path). */
@Injectable()
export class TenantKeyStrategy extends PassportStrategy(Strategy, 'tenant-key') {
  constructor(private readonly resolver: TenantResolver) {
    super();
  }

  async validate(request: FastifyRequest): Promise<Extract<Principal, { kind: 'widget' }>> {
    const tenant = await this.resolver.byPublicKey(header(request, 'x-tenant-key'));
    return { kind: 'widget', tenantId: tenant.id };
  }
}
