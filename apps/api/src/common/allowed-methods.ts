import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The methods that some route serves at this path (empty for an unknown path). */
    allowedMethods(path: string): string[];
  }
}

/** Methods every path answers by itself (CORS preflight, HEAD of GET): they never make a path "known". */
const IMPLICIT = new Set(['OPTIONS', 'HEAD']);

/**
 * Records every route as it is added, so that a request for a known path with the wrong method is told
 * 405 with the methods the path takes (RFC 9110 §15.5.6), instead of a 404 that says the path is unknown.
 */
export function registerAllowedMethods(fastify: FastifyInstance): void {
  const routes: { pattern: RegExp; method: string }[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (!IMPLICIT.has(method) && !route.url.includes('*')) routes.push({ pattern: patternOf(route.url), method });
    }
  });
  fastify.decorate('allowedMethods', (path: string) => [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort());
}

/** `/v1/admin/packages/:id` → /^\/v1\/admin\/packages\/[^/]+\/?$/ */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source.replace(/\/$/, '')}/?$`);
}

/** The methods of a request's path when its method is not one of them, or none when the path is unknown. */
export function methodsOfKnownPath(request: FastifyRequest): string[] {
  if (request.routeOptions.url) return [];
  const path = request.url.split('?')[0];
  return request.server.allowedMethods?.(path).filter((method) => method !== request.method) ?? [];
}
