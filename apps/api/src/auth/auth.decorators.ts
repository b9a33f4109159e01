import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiHeader, ApiSecurity } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';

/**
 * How a route authenticates. Every route must declare one (the guard refuses routes that don't), so a
 * forgotten decorator fails closed instead of opening a route.
 * - `none`: public (health, login, webhooks, docs)
 * - `widget`: X-Tenant-Key (public key); the request is scoped to that tenant
 * - `agent`: Bearer sk_live_… (secret key); scoped to that tenant
 * - `tenant-admin`: admin JWT; tenant admins act on their tenant, platform admins pick one with X-Tenant-Id
 * - `platform-admin`: admin JWT of a PLATFORM_ADMIN; not tenant-scoped
 */
export type AuthKind = 'none' | 'widget' | 'agent' | 'tenant-admin' | 'platform-admin';

export const AUTH_KIND = 'mais:auth-kind';

export const SECURITY = {
  tenantKey: 'tenantKey',
  adminJwt: 'adminJwt',
  secretKey: 'secretKey',
} as const;

export function Auth(kind: AuthKind): MethodDecorator & ClassDecorator {
  const decorators: Array<MethodDecorator & ClassDecorator> = [SetMetadata(AUTH_KIND, kind)];
  switch (kind) {
    case 'widget':
      decorators.push(ApiSecurity(SECURITY.tenantKey), ApiProblems(401, 403));
      break;
    case 'agent':
      decorators.push(ApiBearerAuth(SECURITY.secretKey), ApiProblems(401, 403, 429));
      break;
    case 'tenant-admin':
      decorators.push(
        ApiBearerAuth(SECURITY.adminJwt),
        ApiHeader({ name: 'X-Tenant-Id', required: false, description: 'Platform admins: the tenant to act on (uuid)' }),
        ApiProblems(401, 403),
      );
      break;
    case 'platform-admin':
      decorators.push(ApiBearerAuth(SECURITY.adminJwt), ApiProblems(401, 403));
      break;
  }
  return applyDecorators(...decorators);
}

/** The raw Authorization header; documented by the route's security requirements, not as a parameter. */
export const AuthorizationHeader = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
  return typeof value === 'string' ? value : undefined;
});
