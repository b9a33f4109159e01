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

  verify(token: string): AdminTokenClaims {
    try {
      const payload = this.jwt.verify<{ sub: string; role: UserRole; tenantId: string | null }>(token, { algorithms: ['HS256'] });
      return { sub: payload.sub, role: payload.role, tenantId: payload.tenantId ?? null };
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
    }
  }
}
