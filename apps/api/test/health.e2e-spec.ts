import { createTestApp } from './support/harness';

describe('readiness', () => {
  it('is ready when the database answers and no Redis is configured', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect([res.statusCode, res.json()]).toEqual([200, { status: 'ready', checks: { database: 'up', redis: 'not-configured' } }]);
    } finally {
      await t.close();
    }
  });

  it('answers 503 and says which dependency is down when Redis does not answer', async () => {
    // Nothing listens on port 1: Redis is configured but down.
    const t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect([res.statusCode, res.json()]).toEqual([503, { status: 'unavailable', checks: { database: 'up', redis: 'down' } }]);
      const live = await t.app.inject({ method: 'GET', url: '/health' });
      expect(live.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
