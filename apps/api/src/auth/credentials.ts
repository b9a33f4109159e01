import type { FastifyRequest } from 'fastify';

/** A non-empty header value, or undefined (an absent or repeated header is no credential). */
export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The token of `Authorization: Bearer <token>`, the one parser of that header for every scheme. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
}

export function bearerOf(request: FastifyRequest): string | undefined {
  return bearerToken(header(request, 'authorization'));
}
