import { webhookJobId } from './webhook-job-id';

describe(webhookJobId.name, () => {
  it('keeps a Stripe event id readable', () => expect(webhookJobId('evt_1NxYz.2-a')).toBe('webhook-evt_1NxYz.2-a'));

  it('never contains a colon, and keeps ids that differ only in replaced characters apart', () => {
    const a = webhookJobId('evt:1');
    const b = webhookJobId('evt/1');
    expect(a).not.toContain(':');
    expect(a.startsWith('webhook-evt-1-')).toBe(true);
    expect(a).not.toBe(b);
  });
});
