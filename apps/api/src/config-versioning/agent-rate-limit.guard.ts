import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from '@mais/domain';
import { Settings } from '@mais/settings';
import { RateLimiter } from '../common/rate-limiter';

export const AGENT_RATE_WINDOW_SECONDS = 60;

/**
 * At most AGENT_RATE_LIMIT_PER_MINUTE agent calls per tenant per minute (all of the tenant's agents
 * together), counted after authentication. Runs after the global AuthGuard, so the tenant is known.
 */
@Injectable()
export class AgentRateLimitGuard implements CanActivate {
  private limiter?: RateLimiter;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly settings: Settings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const principal = http.getRequest<FastifyRequest>().principal;
    if (principal?.kind !== 'agent') return true;
    const limit = this.settings.agentRateLimitPerMinute;
    const state = await this.rateLimiter().hit(`agent:${principal.tenantId}`, AGENT_RATE_WINDOW_SECONDS);
    http
      .getResponse<FastifyReply>()
      .header('x-ratelimit-limit', String(limit))
      .header('x-ratelimit-remaining', String(Math.max(0, limit - state.count)));
    if (state.count > limit) throw new RateLimitedError(state.retryAfterSeconds);
    return true;
  }

  // The app's one RateLimiter (Redis-backed when REDIS_URL is set) is provided by the root module.
  private rateLimiter(): RateLimiter {
    return (this.limiter ??= this.moduleRef.get(RateLimiter, { strict: false }));
  }
}
