import { AsyncLocalStorage } from 'node:async_hooks';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobQueueUnavailableError } from './job-queue-unavailable.error';
import { processorsFor } from './job-processor-host';
import { deferred, sleep, waitFor } from '../testing/async-helpers';
import { describeJobQueueContract } from '../testing/job-queue-contract';

describeJobQueueContract(InProcessJobQueue.name, async (options) => {
  const queue = new InProcessJobQueue(options);
  return { queue, runner: queue, idle: () => queue.idle(), dispose: async () => undefined };
});

describe(InProcessJobQueue.name, () => {
  let queue: InProcessJobQueue;

  afterEach(async () => {
    await queue.close();
  });

  it("runs the handler outside the enqueuer's call stack and async context (its request scope, its transaction)", async () => {
    queue = new InProcessJobQueue();
    const requestContext = new AsyncLocalStorage<string>();
    const seen = deferred<string | undefined>();
    let enqueueReturned = false;
    await queue.start(
      processorsFor({
        'emails.send': async () => {
          expect(enqueueReturned).toBe(true);
          seen.resolve(requestContext.getStore());
        },
      }),
    );

    await requestContext.run('request-42', async () => {
      await queue.enqueue('emails.send', { tenantId: 't1', template: 'booking-confirmed', bookingId: 'b1' });
      enqueueReturned = true;
    });

    await expect(seen.promise).resolves.toBeUndefined();
  });

  it('keeps jobs enqueued before start() and runs them once handlers are registered', async () => {
    queue = new InProcessJobQueue();
    const ran: string[] = [];
    await queue.enqueue('webhooks.process', { webhookEventId: 'evt_early' }, { jobId: 'evt_early' });
    await sleep(50);
    expect(queue.counts()).toEqual({ waiting: 1, delayed: 0, active: 0 });

    await queue.start(processorsFor({ 'webhooks.process': async ({ webhookEventId }) => void ran.push(webhookEventId) }));
    await queue.idle();

    expect(ran).toEqual(['evt_early']);
  });

  it('hands the handler a copy of the payload, as a stored job would', async () => {
    queue = new InProcessJobQueue();
    const received = deferred<{ tenantId: string }>();
    await queue.start(processorsFor({ 'calendar.sync': async (payload) => received.resolve(payload) }));
    const payload = { tenantId: 't1' };

    await queue.enqueue('calendar.sync', payload);
    payload.tenantId = 'changed after enqueue';

    await expect(received.promise).resolves.toEqual({ tenantId: 't1' });
  });

  it('runs at most `concurrency` jobs of a queue at once', async () => {
    queue = new InProcessJobQueue({ queues: { calendar: { concurrency: 2 } } });
    let active = 0;
    let maxActive = 0;
    await queue.start(
      processorsFor({
        'calendar.sync': async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await sleep(30);
          active -= 1;
        },
      }),
    );

    for (let i = 0; i < 6; i += 1) await queue.enqueue('calendar.sync', { tenantId: `t${i}` });
    await queue.idle();

    expect(maxActive).toBe(2);
  });

  it('refuses jobs once closed, and drops the ones still waiting', async () => {
    queue = new InProcessJobQueue({ queues: { all: { backoffDelayMs: 10_000 } } });
    let runs = 0;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await queue.start(
      processorsFor({
        'webhooks.process': async () => {
          runs += 1;
          throw new Error('retry much later');
        },
      }),
    );
    await queue.enqueue('webhooks.process', { webhookEventId: 'evt_retrying' });
    await waitFor('the first attempt', () => runs === 1);

    await queue.close();

    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/1 waiting or delayed job\(s\) dropped/));
    warn.mockRestore();
    await expect(queue.enqueue('webhooks.process', { webhookEventId: 'evt_late' })).rejects.toBeInstanceOf(JobQueueUnavailableError);
    await expect(queue.idle()).resolves.toBeUndefined();
  });

  it('rejects a job id BullMQ would refuse, so the mistake shows without Redis too', async () => {
    queue = new InProcessJobQueue();
    await expect(queue.enqueue('calendar.sync', { tenantId: 't1' }, { jobId: 'calendar:t1' })).rejects.toThrow(/must not contain ':'/);
  });
});
