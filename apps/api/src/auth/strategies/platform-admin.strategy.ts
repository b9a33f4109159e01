import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import type { FastifyRequest } from 'fastify';
import { DomainError, UserRole } from '@mais/domain';
import { type AdminPrincipal, AdminJwtStrategy } from './admin-jwt.strategy';

/** The admin scheme on platform routes (and the queue dashboard): a live PLATFORM_ADMIN's JWT, no tenant. */
@Injectable()
export class PlatformAdminStrategy extends PassportStrategy(Strategy, 'platform-admin') {
  constructor(private readonly adminJwt: AdminJwtStrategy) {
    super();
  }

  async validate(request: FastifyRequest): Promise<AdminPrincipal> {
    return platformOnly(await this.adminJwt.admin(request));
  }

  /** For a token read elsewhere than the Authorization header (the dashboard's cookie). */
  async platformAdminOf(token: string): Promise<AdminPrincipal> {
    return platformOnly(await this.adminJwt.userOf(token));
  }
}

// The role is read from the user, not the token: a demoted admin loses access at once.
function platformOnly(user: AdminPrincipal): AdminPrincipal {
  if (user.role !== UserRole.PLATFORM_ADMIN) throw new DomainError('FORBIDDEN', 'Platform admins only');
  return user;
}
