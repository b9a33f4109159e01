import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@mais/domain';
import { methodsOfKnownPath } from './allowed-methods';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** The one place where errors become HTTP responses (problem+json). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const allowed = error instanceof NotFoundException ? methodsOfKnownPath(request) : [];
    if (allowed.length) {
      const result = toProblem(
        new DomainError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here; this path takes ${allowed.join(', ')}`),
        String(request.id),
      );
      return sendProblem(reply, { ...result, headers: { ...result.headers, allow: allowed.join(', ') } });
    }
    sendProblem(reply, toProblem(error, String(request.id)));
  }
}

export function sendProblem(reply: FastifyReply, { problem, headers }: ReturnType<typeof toProblem>): void {
  if (reply.sent) return;
  reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
