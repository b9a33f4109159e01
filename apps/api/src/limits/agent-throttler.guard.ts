import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { RateLimitedError } from '@mais/domain';

/**
 * The throttler (configured in LimitsModule) that counts agent calls: the only one the ThrottlerGuard runs,
 * so named `default`, which keeps the plain X-RateLimit-Limit/-Remaining header names (others get a suffix).
 */
export const AGENT_THROTTLER = 'default';

/**
 * At most AGENT_RATE_LIMIT_PER_MINUTE agent calls per tenant per minute, all of the tenant's agents and
 * routes together. Runs after the global CredentialsGuard, so the tenant is known; other callers are not counted.
 */
@Injectable()
export class AgentThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.switchToHttp().getRequest<FastifyRequest>().principal?.kind !== 'agent';
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as FastifyRequest).principal;
    return principal?.kind === 'agent' ? principal.tenantId : 'none';
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(Math.max(1, detail.timeToBlockExpire));
  }
}
