import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The request body's exact bytes (kept by the JSON parser), for signature checks. */
export const RawBody = createParamDecorator((_: unknown, ctx: ExecutionContext): Buffer | undefined => ctx.switchToHttp().getRequest<FastifyRequest>().rawBody);
