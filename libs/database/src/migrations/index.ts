import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000Initial } from './Migration20261126000000Initial';
import { Migration20261201000000BookingPipeline } from './Migration20261201000000BookingPipeline';
import { Migration20261203010000CheckoutReturnUrls } from './Migration20261203010000CheckoutReturnUrls';
import { Migration20261203040000JobOutbox } from './Migration20261203040000JobOutbox';
import { Migration20261203050000BookingMetadata } from './Migration20261203050000BookingMetadata';
import { Migration20261204000000TenantWebhooks } from './Migration20261204000000TenantWebhooks';
import { Migration20261204010000TenantPaymentStatus } from './Migration20261204010000TenantPaymentStatus';
import { Migration20261204020000WebhookRefundedPayment } from './Migration20261204020000WebhookRefundedPayment';

/** Migrations in order; listed explicitly so the compiled app never depends on file discovery. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126000000Initial', class: Migration20261126000000Initial },
  { name: 'Migration20261201000000BookingPipeline', class: Migration20261201000000BookingPipeline },
  { name: 'Migration20261203010000CheckoutReturnUrls', class: Migration20261203010000CheckoutReturnUrls },
  { name: 'Migration20261203040000JobOutbox', class: Migration20261203040000JobOutbox },
  { name: 'Migration20261203050000BookingMetadata', class: Migration20261203050000BookingMetadata },
  { name: 'Migration20261204000000TenantWebhooks', class: Migration20261204000000TenantWebhooks },
  { name: 'Migration20261204010000TenantPaymentStatus', class: Migration20261204010000TenantPaymentStatus },
  { name: 'Migration20261204020000WebhookRefundedPayment', class: Migration20261204020000WebhookRefundedPayment },
];
