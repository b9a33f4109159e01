import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Redis } from 'ioredis';
import { Settings } from '@mais/settings';
import { REDIS } from '../infra/redis.provider';
import { AGENT_THROTTLER, AgentThrottlerGuard } from './agent-throttler.guard';
import { Limits } from './limits';

/**
 * Rate limits, all counted by @nestjs/throttler's storage (ADR 0013): the agent routes through its guard,
 * login and checkout holds through Limits. Redis storage when REDIS_URL is set, so every API process
 * shares the counts; in memory otherwise.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [Settings, REDIS],
      useFactory: (settings: Settings, redis: Redis | null) => ({
        throttlers: [{ name: AGENT_THROTTLER, ttl: 60_000, limit: settings.agentRateLimitPerMinute }],
        // One count per tenant for all agent routes together (the default key is per handler).
        generateKey: (_context, tracker) => `${settings.queuePrefix}:limit:agent:${tracker}`,
        storage: redis ? new ThrottlerStorageRedisService(redis) : undefined,
      }),
    }),
  ],
  providers: [Limits, AgentThrottlerGuard],
  exports: [Limits, AgentThrottlerGuard],
})
export class LimitsModule {}
