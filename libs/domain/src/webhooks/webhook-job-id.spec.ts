import { createHash } from 'node:crypto';
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

describe('the job id of an event with characters BullMQ refuses', () => {
  it('ends in the first 12 hex digits of the SHA-256 of the original id: short, and the same every time', () => {
    const digest = createHash('sha256').update('evt:1').digest('hex');
    expect(webhookJobId('evt:1')).toBe(`webhook-evt-1-${digest.slice(0, 12)}`);
    expect(webhookJobId('evt:1')).toBe(webhookJobId('evt:1'));
    expect(webhookJobId('a b:c/d')).toMatch(/^webhook-a-b-c-d-[0-9a-f]{12}$/);
  });
});
