import { Injectable } from '@nestjs/common';
import { DomainError } from '@mais/domain';
import { AdminTokenService, dummyPasswordHash, normaliseEmail, PasswordHasher, UserService } from '@mais/tenancy';
import { Limits, LOGIN_LIMITS } from '../limits/limits';

/**
 * Admin login: argon2id verification behind the LOGIN_LIMITS (ADR 0013). Every attempt is counted before the
 * password is checked, so concurrent guesses cannot outrun the count; the strict limit is per client and
 * email, so an attacker elsewhere cannot lock the owner out.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserService,
    private readonly tokens: AdminTokenService,
    private readonly limits: Limits,
  ) {}

  async login(email: string, password: string, ip: string): Promise<{ token: string; expiresIn: number }> {
    const account = normaliseEmail(email);
    await this.limits.consumeAll([
      [LOGIN_LIMITS.perClientAndEmail, `${ip}:${account}`],
      [LOGIN_LIMITS.perClient, ip],
      [LOGIN_LIMITS.perEmail, account],
    ]);

    const user = await this.users.findByEmail(email);
    // Verify against a dummy hash for unknown emails so response time does not reveal which exist.
    const valid = await PasswordHasher.verify(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !valid || !user.isActive) throw new DomainError('UNAUTHENTICATED', 'Invalid email or password');
    // Told only to whoever knows the password: a deactivated tenant's admins get no token.
    if (user.tenant && !user.tenant.isActive) throw new DomainError('TENANT_INACTIVE', 'This business is deactivated; ask the platform operator');
    await this.users.recordLogin(user);
    return this.tokens.issue({ sub: user.id, role: user.role, tenantId: user.tenant?.id ?? null });
  }
}
