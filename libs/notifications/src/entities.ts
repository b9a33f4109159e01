import { EmailDelivery } from './email-delivery.entity';

/** One row per email sent (or being sent), keyed so a retried job never sends twice: this library's tables, gathered with the others' by libs/database. */
export const NOTIFICATIONS_ENTITIES = [EmailDelivery];
