import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { Auth } from '../auth/auth.decorators';
import { InjectRedis } from '../infra/redis.provider';

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

@ApiTags('operations')
@Controller('health')
@Auth('none')
export class HealthController {
  constructor(
    private readonly em: EntityManager,
    @InjectRedis() private readonly redis: Redis | null,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'healthy', timestamp: new Date().toISOString(), uptime: Math.round(process.uptime()) };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database and (when configured) Redis' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const [database, redis] = await Promise.all([
      withTimeout(this.em.getConnection().execute('select 1')),
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
    return await Promise.race([check.then(() => 'up' as const, () => 'down' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
