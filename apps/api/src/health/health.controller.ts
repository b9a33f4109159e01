import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { Cache } from '@mais/domain';
import { Settings } from '@mais/settings';
import { Auth } from '../auth/auth.decorators';
import { InjectRedis } from '../infra/redis.provider';
import { HEALTH_SQL } from './health.queries';

class LivenessDto {
  @ApiProperty({ example: 'healthy' }) status: string;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
  @ApiProperty({ description: 'Seconds since the process started' }) uptime: number;
}

class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'unavailable'] }) status: string;
  @ApiProperty({ example: { database: 'up', redis: 'up' }, description: 'up | down | not-configured per dependency' })
  checks: Record<string, string>;
}

class CacheHealthDto {
  @ApiProperty({ description: 'Whether the cache backend answers (false when disabled)' }) connected: boolean;
  @ApiProperty() hits: number;
  @ApiProperty() misses: number;
  @ApiProperty({ description: 'Entries stored now' }) keys: number;
  @ApiProperty({ description: 'hits + misses since this process started' }) totalRequests: number;
  @ApiProperty({ example: '97.50%' }) hitRate: string;
  @ApiProperty({ enum: ['optimal', 'good', 'poor', 'disabled'] }) efficiency: string;
}

@ApiTags('operations')
@Controller('health')
@Auth('none')
export class HealthController {
  constructor(
    private readonly em: EntityManager,
    @InjectRedis() private readonly redis: Redis | null,
    private readonly cache: Cache,
    private readonly settings: Settings,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'healthy', timestamp: new Date().toISOString(), uptime: Math.round(process.uptime()) };
  }

  @Get('cache')
  // Traffic figures are the operator's business, not the public's.
  @Auth('platform-admin')
  @ApiOperation({ summary: 'Read cache statistics of this process (platform admins)' })
  @ApiOkResponse({ type: CacheHealthDto })
  async cacheStats(): Promise<CacheHealthDto> {
    const { connected, hits, misses, keys } = await this.cache.stats();
    const totalRequests = hits + misses;
    const rate = totalRequests ? hits / totalRequests : 0;
    const efficiency = !this.settings.cacheEnabled ? 'disabled' : totalRequests === 0 || rate >= 0.8 ? 'optimal' : rate >= 0.5 ? 'good' : 'poor';
    return { connected, hits, misses, keys, totalRequests, hitRate: `${(rate * 100).toFixed(2)}%`, efficiency };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database and (when configured) Redis' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const [database, redis] = await Promise.all([
      withTimeout(this.em.getConnection().execute(HEALTH_SQL.ready)),
      this.redis ? withTimeout(this.redis.ping()) : Promise.resolve('not-configured' as const),
    ]);
    const checks = { database, redis };
    const ok = Object.values(checks).every((c) => c !== 'down');
    reply.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ready' : 'unavailable', checks };
  }
}

async function withTimeout(check: Promise<unknown>, ms = 2000): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'down'>((resolve) => (timer = setTimeout(() => resolve('down'), ms)));
  try {
    return await Promise.race([
      check.then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
