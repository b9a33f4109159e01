import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** Helmet's defaults with a strict Content-Security-Policy. */
export const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      formAction: ["'self'"],
      imgSrc: ["'self'", 'data:', 'https:'],
      // Swagger UI needs its inline styles; no inline scripts anywhere.
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      connectSrc: ["'self'"],
    },
  },
};

/**
 * `csp` with more sources for one directive: for a page that must reach further than the API's own origin
 * (the simulated payment page's forms end on the shop's site).
 */
export function widenCsp(csp: string, directive: string, sources: string[]): string {
  if (sources.length === 0) return csp;
  return csp
    .split(';')
    .map((part) => (part.trim().split(' ')[0] === directive ? `${part.trim()} ${sources.join(' ')}` : part))
    .join(';');
}

/**
 * The response headers @fastify/helmet sets with `options`, worked out once at boot by asking the plugin
 * itself (a throwaway Fastify instance with and without it): the plugin builds helmet's middleware again on
 * every request, although without per-request nonces its headers never change.
 */
export async function securityHeaders(options: FastifyHelmetOptions = HELMET_OPTIONS): Promise<Record<string, string>> {
  const [plain, secured] = await Promise.all([probe(), probe(options)]);
  return Object.fromEntries(Object.entries(secured).filter(([name]) => !(name in plain)));
}

async function probe(options?: FastifyHelmetOptions): Promise<Record<string, string>> {
  const fastify = new FastifyAdapter().getInstance();
  if (options) await fastify.register(helmet, options);
  fastify.get('/', (_request, reply) => reply.send('{}'));
  try {
    const response = await fastify.inject({ method: 'GET', url: '/' });
    return Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
  } finally {
    await fastify.close();
  }
}
