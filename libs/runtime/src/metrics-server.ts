import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics';

/**
 * The worker has no HTTP app: this small listener serves its GET /metrics on METRICS_PORT, with the same
 * token rule as the API's route. Resolves once listening; close the returned server on shutdown.
 */
export async function startMetricsServer(metrics: Metrics, port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    const access = metrics.authorize(request.headers.authorization);
    if (access !== 'allowed') {
      response.writeHead(access === 'hidden' ? 404 : 401, access === 'unauthorized' ? { 'www-authenticate': 'Bearer' } : {}).end();
      return;
    }
    metrics.render().then(
      (body) => response.writeHead(200, { 'content-type': metrics.contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
