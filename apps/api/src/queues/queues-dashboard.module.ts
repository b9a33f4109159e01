import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { DomainError, JobQueue, QUEUE_NAMES } from '@mais/domain';
import { BullMqJobQueue } from '@mais/jobs';
import { Settings } from '@mais/settings';
import { TenantScope } from '@mais/tenancy';
import { CredentialsModule } from '../auth/credentials.module';
import { bearerOf } from '../auth/credentials';
import { PlatformAdminStrategy } from '../auth/strategies/platform-admin.strategy';
import { sendProblem } from '../common/problem.filter';
import { toProblem } from '../common/problem';
import { loginPage } from './queues-login.page';

export const QUEUES_DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'mais_queues_token';

/**
 * bull-board at /admin/queues, for platform admins, when the queues are BullMQ (REDIS_URL set): waiting,
 * active, delayed, completed and failed jobs of `webhooks`, `emails` and `calendar`, with retry. Its
 * routes are plain Fastify routes (bull-board's own plugin), so Nest's guard does not see them: an
 * onRequest hook of their plugin context applies the platform-admin strategy instead, to the JWT from
 * `Authorization: Bearer` or, for a browser, from an HttpOnly SameSite=Strict cookie set by the login form
 * at /admin/queues/login.
 */
@Module({ imports: [CredentialsModule] })
export class QueuesDashboardModule implements OnModuleInit {
  private readonly logger = new Logger('QueuesDashboard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly settings: Settings,
    private readonly queue: JobQueue,
    private readonly platformAdmin: PlatformAdminStrategy,
    private readonly scope: TenantScope,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.settings.redisUrl || !(this.queue instanceof BullMqJobQueue)) return;
    const queue = this.queue;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const board = new BullBoardFastifyAdapter();
    board.setBasePath(QUEUES_DASHBOARD_PATH);
    createBullBoard({
      queues: QUEUE_NAMES.map((name) => new BullMQAdapter(queue.bullQueue(name))),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'MAIS queues' } },
    });

    // Queued, not awaited: awaiting would boot Fastify's plugin tree before Nest has set its error handler,
    // and every parse error would then fall through to Fastify's default 500.
    void fastify.register(async (context) => {
      context.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) =>
        done(null, Object.fromEntries(new URLSearchParams(body as string))),
      );
      context.get(`${QUEUES_DASHBOARD_PATH}/login`, async (_request, reply) => reply.type('text/html').send(loginPage()));
      context.post<{ Body: { token?: string } }>(`${QUEUES_DASHBOARD_PATH}/login`, async (request, reply) => {
        const token = typeof request.body?.token === 'string' ? request.body.token.trim() : '';
        const refusal = await this.refusal(token);
        if (refusal) return reply.status(refusal.status).type('text/html').send(loginPage(refusal.message));
        return reply.header('set-cookie', cookie(token, this.settings.jwtExpiresInSeconds, request.protocol === 'https')).redirect(QUEUES_DASHBOARD_PATH, 303);
      });
      context.post(`${QUEUES_DASHBOARD_PATH}/logout`, async (request, reply) =>
        reply.header('set-cookie', cookie('', 0, request.protocol === 'https')).redirect(`${QUEUES_DASHBOARD_PATH}/login`, 303),
      );

      await context.register(async (guarded) => {
        guarded.addHook('onRequest', (request, reply) => this.authenticate(request, reply));
        await guarded.register(board.registerPlugin(), { prefix: QUEUES_DASHBOARD_PATH });
      });
    });
    this.logger.log(`Queue dashboard at ${QUEUES_DASHBOARD_PATH} (platform admins)`);
  }

  private async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = bearerOf(request) ?? cookieOf(request, COOKIE);
    const refusal = await this.refusal(token ?? '');
    if (!refusal) return;
    if (request.method === 'GET' && request.headers.accept?.includes('text/html')) {
      return reply.redirect(`${QUEUES_DASHBOARD_PATH}/login`, 303);
    }
    sendProblem(reply, toProblem(new DomainError(refusal.status === 403 ? 'FORBIDDEN' : 'UNAUTHENTICATED', refusal.message), String(request.id)));
  }

  /** Why this token may not see the dashboard, or null when it may (a live platform admin's JWT). */
  private async refusal(token: string): Promise<{ status: 401 | 403; message: string } | null> {
    if (!token) return { status: 401, message: 'A platform admin token is required' };
    try {
      await this.scope.runUnscoped(() => this.platformAdmin.platformAdminOf(token));
      return null;
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'UNAUTHENTICATED' && error.code !== 'FORBIDDEN')) throw error;
      return { status: error.code === 'FORBIDDEN' ? 403 : 401, message: error.message };
    }
  }
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name && value.length > 0) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${COOKIE}=${encodeURIComponent(value)}`,
    `Path=${QUEUES_DASHBOARD_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    // Strict: no cross-site request carries it, so the dashboard's retry/clean actions cannot be forged.
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
