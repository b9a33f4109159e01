import type { OutboxCondition } from './job-outbox';

/** The tenant has a Google Calendar connected (its settings row exists only then). */
export const calendarConnected = (tenantId: string): OutboxCondition => ({
  sql: 'exists (select 1 from calendar_settings where tenant_id = ?)',
  params: [tenantId],
});

/** The tenant has an enabled webhook endpoint. */
export const webhookEndpointEnabled = (tenantId: string): OutboxCondition => ({
  sql: 'exists (select 1 from webhook_endpoints where tenant_id = ? and enabled)',
  params: [tenantId],
});
