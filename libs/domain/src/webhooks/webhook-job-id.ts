import { createHash } from 'node:crypto';

/**
 * The queue job id of a provider event: derived from the event id, so enqueueing the same event again
 * (a sweep, a replay) adds nothing while its job is pending. Job ids may not contain ':' (BullMQ), so
 * other characters are replaced, with a digest of the original id to keep distinct ids distinct.
 */
export function webhookJobId(providerEventId: string): string {
  const safe = providerEventId.replace(/[^A-Za-z0-9_.-]/g, '-');
  if (safe === providerEventId) return `webhook-${safe}`;
  return `webhook-${safe}-${createHash('sha256').update(providerEventId).digest('hex').slice(0, 12)}`;
}
