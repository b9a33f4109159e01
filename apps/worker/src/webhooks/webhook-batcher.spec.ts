import type { ProcessedEvent, WebhookProcessingService } from '@mais/domain';
import { WebhookEventStatus } from '@mais/domain';
import { WebhookBatcher } from './webhook-batcher';

/**
 * The batcher's own rules, with a recording stand-in for WebhookProcessingService (the service's batch path runs on
 * PostgreSQL in webhook-processing.service.spec.ts, and through real workers in the booking pipeline suites).
 */
describe(WebhookBatcher.name, () => {
  const processed = (id: string): ProcessedEvent => ({ status: WebhookEventStatus.PROCESSED, receivedAt: new Date(id.length) });

  function recorder(options: { batchFails?: boolean; rest?: string[]; failing?: string[] } = {}) {
    const calls: string[][] = [];
    const single: string[] = [];
    const processing = {
      processBatch: (ids: readonly string[]) => {
        calls.push([...ids]);
        if (options.batchFails) return Promise.reject(new Error('deadlock detected'));
        const rest = ids.filter((id) => options.rest?.includes(id));
        return Promise.resolve({ done: new Map(ids.filter((id) => !rest.includes(id)).map((id) => [id, processed(id)])), rest });
      },
      process: (id: string) => {
        single.push(id);
        return options.failing?.includes(id) ? Promise.reject(new Error(`boom ${id}`)) : Promise.resolve(processed(id));
      },
    };
    return { calls, single, processing: processing as unknown as WebhookProcessingService };
  }

  it('hands a full batch over at once, and a partial one when its window closes', async () => {
    const r = recorder();
    const batcher = new WebhookBatcher(r.processing, 3, 20);
    const full = ['a', 'b', 'c'].map((id) => batcher.process(id));
    expect(r.calls).toEqual([['a', 'b', 'c']]);
    await expect(Promise.all(full)).resolves.toEqual(['a', 'b', 'c'].map(processed));

    const partial = ['d', 'e'].map((id) => batcher.process(id));
    expect(r.calls).toHaveLength(1);
    await expect(Promise.all(partial)).resolves.toEqual(['d', 'e'].map(processed));
    expect(r.calls).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('sends a job alone straight to the single path', async () => {
    const r = recorder();
    await expect(new WebhookBatcher(r.processing, 10, 1).process('solo')).resolves.toEqual(processed('solo'));
    expect(r.calls).toEqual([]);
    expect(r.single).toEqual(['solo']);
  });

  it("runs the batch's rest one by one, each job failing on its own error only", async () => {
    const r = recorder({ rest: ['b', 'c'], failing: ['c'] });
    const batcher = new WebhookBatcher(r.processing, 3, 20);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((id) => batcher.process(id)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('boom c'));
    expect(r.single.sort()).toEqual(['b', 'c']);
  });

  it('falls back to the single path for every job when the batch fails', async () => {
    const r = recorder({ batchFails: true });
    const batcher = new WebhookBatcher(r.processing, 2, 20);
    await expect(Promise.all(['a', 'b'].map((id) => batcher.process(id)))).resolves.toEqual(['a', 'b'].map(processed));
    expect(r.single.sort()).toEqual(['a', 'b']);
  });
});
