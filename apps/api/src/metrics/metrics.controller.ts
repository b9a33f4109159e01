import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@mais/domain';
import { Metrics } from '@mais/runtime';
import { Auth } from '../auth/auth.decorators';

/**
 * Prometheus scrape endpoint. Open outside production; in production it exists only with METRICS_TOKEN
 * set (404 otherwise, as for any unknown route) and then wants that token as a Bearer token (401).
 * Left out of the OpenAPI document: it is for the monitoring system, not for API clients.
 */
@ApiExcludeController()
@Controller('metrics')
@Auth('none')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const access = this.metrics.authorize(authorization);
    if (access === 'hidden') throw new DomainError('NOT_FOUND', 'No such route');
    if (access === 'unauthorized') throw new DomainError('UNAUTHENTICATED', 'GET /metrics needs the metrics token as a Bearer token');
    reply.header('content-type', this.metrics.contentType);
    return this.metrics.render();
  }
}
