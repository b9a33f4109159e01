import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, UserRole } from '@mais/domain';

export interface AdminTokenClaims {
  sub: string;
  role: UserRole;
  tenantId: string | null;
}

/** The admin JWT scheme: HS256 tokens carrying the user id, role and (for tenant admins) tenant. */
@Injectable()
export class AdminTokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(claims: AdminTokenClaims): { token: string; expiresIn: number } {
    const token = this.jwt.sign({ role: claims.role, tenantId: claims.tenantId }, { subject: claims.sub });
    const decoded = this.jwt.decode<{ exp: number; iat: number }>(token);
    return { token, expiresIn: decoded.exp - decoded.iat };
  }

  /** A signed, unexpired token whose claims have the types issue() gives them; anything else is UNAUTHENTICATED. */
  verify(token: string): AdminTokenClaims {
    let payload: unknown;
    try {
      payload = this.jwt.verify<object>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
    }
    const claims = typedClaims(payload);
    if (!claims) throw new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
    return claims;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES: readonly unknown[] = Object.values(UserRole);

/**
 * The claims, or null when one has the wrong type. The signature proves who issued a token, not that its
 * claims are well-formed (a key leaked from an older version, a bug): `sub` reaches a UUID column, and a
 * token without `exp` would never expire, which jsonwebtoken accepts by default.
 */
function typedClaims(payload: unknown): AdminTokenClaims | null {
  if (!payload || typeof payload !== 'object') return null;
  const { sub, role, tenantId, exp } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !UUID.test(sub)) return null;
  if (!ROLES.includes(role)) return null;
  if (tenantId !== undefined && tenantId !== null && (typeof tenantId !== 'string' || !UUID.test(tenantId))) return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  return { sub, role: role as UserRole, tenantId: (tenantId as string | null | undefined) ?? null };
}
