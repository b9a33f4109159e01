import { loadSettings } from '@mais/settings';
import { loggerOptions, requestLinesLogged } from './logging';

const settingsAt = (level: string) =>
  loadSettings({
    NODE_ENV: 'test',
    LOG_LEVEL: level,
    JWT_SECRET: 'x'.repeat(64),
    TENANT_SECRETS_ENCRYPTION_KEY: 'a'.repeat(64),
    DATABASE_URL: 'postgresql://localhost/x',
  });

describe('loggerOptions', () => {
  it.each(['trace', 'debug', 'info'])('installs the request logger at %s, where request lines are written', (level) => {
    expect(requestLinesLogged(level)).toBe(true);
    const options = loggerOptions(settingsAt(level));
    expect(options.forRoutes).toBeUndefined();
    expect(options.pinoHttp).toMatchObject({ level });
  });

  it.each(['warn', 'error', 'fatal', 'silent'])('leaves every route without it at %s, where none could be written', (level) => {
    expect(requestLinesLogged(level)).toBe(false);
    const options = loggerOptions(settingsAt(level));
    expect(options.forRoutes).toEqual([]);
    expect(options.pinoHttp).toMatchObject({ level });
  });
});
