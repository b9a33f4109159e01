import { createHash } from 'node:crypto';
import { DomainError } from '../common/domain.error';
import { createBookingServices, type BookingServices } from '../../testing/booking-services';
import { IdempotencyService } from './idempotency.service';

const hash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

describe(IdempotencyService.name, () => {
  let s: BookingServices;
  let service: IdempotencyService;
  let tenantId: string;
  let otherTenantId: string;
  let seq = 0;
  const key = () => `key-${++seq}`;
  const inTenant = <T>(fn: () => Promise<T>, id = tenantId) => s.scope.run(id, fn);
  const rows = (k: string) => s.em.getConnection().execute(`select tenant_id, response_status, response_body from idempotency_records where key = ?`, [k]);

  beforeAll(async () => {
    s = await createBookingServices();
    service = s.get(IdempotencyService);
    tenantId = (await s.seedTenant()).id;
    otherTenantId = (await s.seedTenant()).id;
  });
  afterAll(() => s?.close());

  it('lets the first request with a key run, then replays its stored response for the same body', async () => {
    const k = key();
    const first = await inTenant(() => service.claim('checkout', k, hash({ a: 1 })));
    expect(first.kind).toBe('run');
    if (first.kind !== 'run') return;
    expect(await inTenant(() => service.complete(first.recordId, 201, { sessionId: 'cs_1' }))).toBe('stored');

    expect(await inTenant(() => service.claim('checkout', k, hash({ a: 1 })))).toEqual({ kind: 'replay', status: 201, body: { sessionId: 'cs_1' } });
    expect(await rows(k)).toEqual([{ tenant_id: tenantId, response_status: 201, response_body: { sessionId: 'cs_1' } }]);
  });

  it('refuses the same key with a different body as IDEMPOTENCY_KEY_REUSED, leaving the stored response as it was', async () => {
    const k = key();
    const first = await inTenant(() => service.claim('checkout', k, hash({ a: 1 })));
    if (first.kind !== 'run') throw new Error('expected a run');
    await inTenant(() => service.complete(first.recordId, 201, { ok: true }));

    const reused = inTenant(() => service.claim('checkout', k, hash({ a: 2 })));
    await expect(reused).rejects.toBeInstanceOf(DomainError);
    await expect(inTenant(() => service.claim('checkout', k, hash({ a: 2 })))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await rows(k)).toEqual([{ tenant_id: tenantId, response_status: 201, response_body: { ok: true } }]);
  });

  it('keeps keys apart per tenant and per scope', async () => {
    const k = key();
    expect((await inTenant(() => service.claim('checkout', k, hash(1)))).kind).toBe('run');
    expect((await inTenant(() => service.claim('checkout', k, hash(2)), otherTenantId)).kind).toBe('run');
    expect((await inTenant(() => service.claim('blackouts', k, hash(3)))).kind).toBe('run');
    expect(await rows(k)).toHaveLength(3);
  });

  it('lets exactly one of concurrent first uses run; the others wait and replay its response', async () => {
    const k = key();
    const claims = Promise.all(Array.from({ length: 5 }, () => inTenant(() => service.claim('checkout', k, hash('same')))));
    // The runner completes once the claims have met its row; the waiters poll until then.
    let runner: string | undefined;
    for (let i = 0; i < 100 && !runner; i++) {
      const [row] = await s.em.getConnection().execute(`select id from idempotency_records where key = ?`, [k]);
      runner = row?.id;
      if (!runner) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 120));
    await inTenant(() => service.complete(runner!, 201, { sessionId: 'cs_once' }));

    const results = await claims;
    expect(results.filter((r) => r.kind === 'run')).toEqual([{ kind: 'run', recordId: runner }]);
    expect(results.filter((r) => r.kind === 'replay')).toEqual(Array(4).fill({ kind: 'replay', status: 201, body: { sessionId: 'cs_once' } }));
  });

  it('starts afresh on an expired record, even with a different body', async () => {
    const k = key();
    const first = await inTenant(() => service.claim('checkout', k, hash('old')));
    if (first.kind !== 'run') throw new Error('expected a run');
    await inTenant(() => service.complete(first.recordId, 201, { old: true }));
    await s.em.getConnection().execute(`update idempotency_records set expires_at = now() - interval '1 second' where key = ?`, [k]);

    const again = await inTenant(() => service.claim('checkout', k, hash('new')));
    expect(again.kind).toBe('run');
    expect(again).not.toEqual(first);
    expect(await rows(k)).toEqual([{ tenant_id: tenantId, response_status: null, response_body: null }]);
  });

  it('lets a retry take over a claim abandoned by a request that died (no response for two minutes)', async () => {
    const k = key();
    const first = await inTenant(() => service.claim('checkout', k, hash('x')));
    if (first.kind !== 'run') throw new Error('expected a run');
    await s.em.getConnection().execute(`update idempotency_records set updated_at = now() - interval '121 seconds' where key = ?`, [k]);

    expect(await inTenant(() => service.claim('checkout', k, hash('x')))).toEqual({ kind: 'run', recordId: first.recordId });
  });

  it('forgets a released claim, so a retry runs afresh; a completed one cannot be released', async () => {
    const k = key();
    const first = await inTenant(() => service.claim('checkout', k, hash('y')));
    if (first.kind !== 'run') throw new Error('expected a run');
    await inTenant(() => service.release(first.recordId));
    expect(await rows(k)).toEqual([]);

    const second = await inTenant(() => service.claim('checkout', k, hash('y')));
    if (second.kind !== 'run') throw new Error('expected a run');
    await inTenant(() => service.complete(second.recordId, 200, null));
    await inTenant(() => service.release(second.recordId));
    expect(await rows(k)).toEqual([{ tenant_id: tenantId, response_status: 200, response_body: null }]);
  });

  it('purges expired records of every tenant, and only those', async () => {
    const [expiredA, expiredB, live] = [key(), key(), key()];
    await inTenant(() => service.claim('checkout', expiredA, hash(1)));
    await inTenant(() => service.claim('checkout', expiredB, hash(1)), otherTenantId);
    await inTenant(() => service.claim('checkout', live, hash(1)));
    await s.em.getConnection().execute(`update idempotency_records set expires_at = now() - interval '1 second' where key in (?, ?)`, [expiredA, expiredB]);

    expect(await service.purgeExpired()).toBeGreaterThanOrEqual(2);
    expect(await rows(expiredA)).toEqual([]);
    expect(await rows(expiredB)).toEqual([]);
    expect(await rows(live)).toHaveLength(1);
  });
});
