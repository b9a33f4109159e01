import { Logger, type LoggerService } from '@nestjs/common';
import { Tenant } from '@mais/domain';
import { toProblem } from '../src/common/problem';
import { createTestApp, TestApp } from './support/harness';

/** Issue 10, item 2: a failing query's SQL, values and key details never reach the log. */
describe('database errors in the log', () => {
  let t: TestApp;
  const lines: string[] = [];
  const capture: LoggerService = {
    log: () => undefined,
    warn: () => undefined,
    error: (...parts: unknown[]) => void lines.push(parts.map(String).join(' ')),
  };

  beforeAll(async () => {
    t = await createTestApp();
    Logger.overrideLogger(capture);
    Logger.flush(); // the app buffers log lines until a logger is chosen; this is that choice
  });
  afterAll(async () => {
    Logger.overrideLogger(false);
    await t?.close();
  });
  beforeEach(() => lines.splice(0));

  async function failure(run: () => Promise<unknown>): Promise<unknown> {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error('expected the query to fail');
  }

  it.each([
    [
      'a raw query (node-pg DatabaseError)',
      (t: TestApp) => t.orm.em.fork().getConnection().execute('select ?::text as v', ['ann.lee@example.com\u0000Ann Lee']),
    ],
    ['an entity write (MikroORM DriverException)', (t: TestApp) => t.orm.em.fork().insert(Tenant, { name: 'Ann Lee ann.lee@example.com'.repeat(20) } as never)],
  ])('logs %s by class and SQLSTATE, without SQL or values', async (_, run) => {
    const error = await failure(() => run(t));
    const { problem } = toProblem(error, 'req-1');
    expect([problem.status, problem.code, problem.detail]).toEqual([500, 'INTERNAL_ERROR', 'Internal server error']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Unhandled database error in request req-1: \w+ SQLSTATE [0-9A-Z]{5}/);
    expect(lines[0]).not.toMatch(/ann\.lee@example\.com|Ann Lee|insert into|select ./i);
  });
});
