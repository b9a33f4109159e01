import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { levels } from 'pino';
import { Settings } from '@mais/settings';

/**
 * JSON logs with request id and tenant id; credentials and personal secrets are redacted.
 *
 * Request lines ("request completed", with req id, method, url, status, tenantId) are written at info.
 * Above info no request line could be written, so the per-request logger (pino-http's child loggers and
 * listeners, nestjs-pino's async context) is not installed at all; other log lines then carry no `req`
 * object (the unhandled-error line names the request id in its message).
 */
export function loggerOptions(settings: Settings): Params {
  const options: Params = {
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
  return requestLinesLogged(settings.logLevel) ? options : { ...options, forRoutes: [] };
}

/** Whether `level` lets info lines through (an unknown level is left for pino to reject). */
export function requestLinesLogged(level: string): boolean {
  const value = levels.values[level] ?? (level === 'silent' ? Infinity : undefined);
  return value === undefined || value <= levels.values.info;
}
