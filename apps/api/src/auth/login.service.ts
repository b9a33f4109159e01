import { Injectable } from '@nestjs/common';
import { DomainError, RateLimitedError } from '@mais/domain';
import { AdminTokenService, dummyPasswordHash, normaliseEmail, PasswordHasher, UserService } from '@mais/tenancy';
import { RateLimiter } from '../common/rate-limiter';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

/** Admin login: argon2id verification, at most 5 failures per 15 minutes per IP and per email. */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserService,
    private readonly tokens: AdminTokenService,
    private readonly limiter: RateLimiter,
  ) {}

  async login(email: string, password: string, ip: string): Promise<{ token: string; expiresIn: number }> {
    const keys = [`login:ip:${ip}`, `login:email:${normaliseEmail(email)}`];
    const states = await Promise.all(keys.map((k) => this.limiter.peek(k)));
    const blocked = states.filter((s) => s.count >= LOGIN_MAX_FAILURES);
    if (blocked.length) throw new RateLimitedError(Math.max(...blocked.map((s) => s.retryAfterSeconds), 1));

    const user = await this.users.findByEmail(email);
    // Verify against a dummy hash for unknown emails so response time does not reveal which exist.
    const valid = await PasswordHasher.verify(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !valid || !user.isActive) {
      await Promise.all(keys.map((k) => this.limiter.hit(k, LOGIN_WINDOW_SECONDS)));
      throw new DomainError('UNAUTHENTICATED', 'Invalid email or password');
    }
    await this.limiter.reset(keys[1]);
    await this.users.recordLogin(user);
    return this.tokens.issue({ sub: user.id, role: user.role, tenantId: user.tenant?.id ?? null });
  }
}
