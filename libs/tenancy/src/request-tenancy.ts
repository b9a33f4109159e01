import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { LazyForks, requestContexts } from './lazy-forks';

/**
 * The per-request tenancy scope: each HTTP request is one unit of work with its own MikroORM context, whose
 * EntityManager fork (identity map, tenant filter parameters) is made on first use (ADR 0010) and which
 * holds no tenant until the API's guard binds the credential's (`TenantScope.enter`). The API adds
 * `onRequest` as a Fastify hook of the root instance, so guards, interceptors, controllers and plain Fastify
 * routes (the queue dashboard) all run inside it; ADR 0023 says why a hook and not a Nest interceptor.
 */
@Injectable()
export class RequestTenancy {
  constructor(private readonly em: EntityManager) {}

  /** Fastify's `onRequest` hook, in callback style: no promise per request. */
  readonly onRequest = (_request: unknown, _reply: unknown, done: () => void): void => this.run(done);

  /** Runs `next` (the rest of the request) in a fresh request scope: no fork, no tenant yet. */
  run<T>(next: () => T): T {
    return requestContexts.run(new RequestContext(new LazyForks(this.em)), next);
  }
}
