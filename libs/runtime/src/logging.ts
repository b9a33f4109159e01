import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { Settings } from '@mais/settings';

/** JSON logs with request id and tenant id; credentials and personal secrets are redacted. */
export function loggerOptions(settings: Settings): Params {
  return {
    pinoHttp: {
      level: settings.logLevel,
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
      customProps: (req: IncomingMessage) => ({ tenantId: (req as IncomingMessage & { tenantId?: string }).tenantId }),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-tenant-key"]',
          'req.headers.cookie',
          'req.headers["stripe-signature"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.secretKey',
          '*.serviceAccountJson',
          '*.token',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
    },
  };
}
