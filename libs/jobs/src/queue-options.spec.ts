import { Backoffs } from 'bullmq';
import { bullJobOptions } from './bullmq-job-queue';
import { DEFAULT_QUEUE_SETTINGS, exponentialBackoffDelay, resolveQueueSettings } from './queue-options';

describe(resolveQueueSettings.name, () => {
  it('returns the per-queue defaults without overrides', () => {
    const settings = resolveQueueSettings();
    expect(settings.webhooks).toMatchObject({ attempts: 8, backoffDelayMs: 2_000 });
    expect(settings.emails).toMatchObject({ attempts: 6, backoffDelayMs: 5_000 });
    expect(settings.calendar).toMatchObject({ attempts: 5, backoffDelayMs: 10_000 });
  });

  it('applies `all` to every queue, then each queue its own overrides', () => {
    const settings = resolveQueueSettings({ all: { backoffDelayMs: 10 }, emails: { attempts: 2 } });
    expect(settings.webhooks).toMatchObject({ attempts: 8, backoffDelayMs: 10 });
    expect(settings.emails).toMatchObject({ attempts: 2, backoffDelayMs: 10 });
    expect(settings.calendar.removeOnFail).toEqual(DEFAULT_QUEUE_SETTINGS.calendar.removeOnFail);
  });

  it('rejects zero attempts and a negative delay', () => {
    expect(() => resolveQueueSettings({ webhooks: { attempts: 0 } })).toThrow(/webhooks.*attempts/);
    expect(() => resolveQueueSettings({ all: { backoffDelayMs: -1 } })).toThrow(/backoffDelayMs/);
  });
});

describe(exponentialBackoffDelay.name, () => {
  it('waits 2 s, 4 s, 8 s … after webhook attempts 1, 2, 3 …', () => {
    expect([1, 2, 3, 7].map((attempt) => exponentialBackoffDelay(2_000, attempt))).toEqual([2_000, 4_000, 8_000, 128_000]);
  });

  it("agrees with BullMQ's own exponential backoff, so both drivers retry on the same schedule", () => {
    const { backoff } = bullJobOptions(DEFAULT_QUEUE_SETTINGS.emails);
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const bullDelay = Backoffs.calculate(Backoffs.normalize(backoff!)!, attempt, new Error('x'), {} as never);
      expect(exponentialBackoffDelay(5_000, attempt)).toBe(bullDelay);
    }
  });
});
