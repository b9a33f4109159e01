import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, Observable, of, throwError, catchError } from 'rxjs';
import { DomainError, ErrorCode, FieldError, IdempotencyService, requestHash, ValidationError } from '@mais/domain';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Outcomes a retry with the same key must see again: the request was carried out (2xx), or the date was
 * refused. Anything else (validation, auth, a transient 5xx, the payment provider failing) left no effect
 * behind, so its claim is dropped and a retry with the same key runs afresh.
 */
const REMEMBERED_ERRORS: ReadonlyMap<ErrorCode, number> = new Map([['DATE_UNAVAILABLE', 409]]);

interface RememberedError {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
}

/**
 * `Idempotency-Key` for a POST route: the first request with a key runs and its response is stored (per
 * tenant and route, for 24 hours); a retry with the same key and body gets that response again, even
 * while the first is still running (it waits); the same key with another body is 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(private readonly idempotency: IdempotencyService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ValidationError('Invalid Idempotency-Key', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }

    const scope = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const claim = await this.idempotency.claim(scope, key, requestHash(request.body ?? null));
    if (claim.kind === 'replay') {
      reply.header('idempotent-replayed', 'true');
      if (claim.status >= 400) {
        const remembered = claim.body as RememberedError;
        return throwError(() => new DomainError(remembered.code, remembered.detail, { errors: remembered.errors }));
      }
      return of(claim.body);
    }

    const status = request.method === 'POST' ? 201 : 200;
    return next.handle().pipe(
      mergeMap((body: unknown) => from(this.remember(claim.recordId, status, body).then(() => body))),
      catchError((error: unknown) => from(this.settleFailure(claim.recordId, error)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }

  /** The request succeeded: it must answer as such even if storing its response fails (the claim is then released). */
  private async remember(recordId: string, status: number, body: unknown): Promise<void> {
    try {
      const outcome = await this.idempotency.complete(recordId, status, body);
      if (outcome === 'released') this.logger.warn(`Could not store the response of idempotency record ${recordId}; released its key`);
    } catch (error) {
      this.logger.error(`Could not store the response of idempotency record ${recordId}: ${(error as Error).message}`);
    }
  }

  private async settleFailure(recordId: string, error: unknown): Promise<void> {
    try {
      const rememberedStatus = error instanceof DomainError ? REMEMBERED_ERRORS.get(error.code) : undefined;
      if (error instanceof DomainError && rememberedStatus) {
        const remembered: RememberedError = { code: error.code, detail: error.message, ...(error.details.errors ? { errors: error.details.errors } : {}) };
        await this.idempotency.complete(recordId, rememberedStatus, remembered);
      } else {
        await this.idempotency.release(recordId);
      }
    } catch (settleError) {
      // The client still gets the original error; the claim goes stale and is taken over after a while.
      this.logger.error(`Could not settle idempotency record ${recordId}: ${(settleError as Error).message}`);
    }
  }
}
