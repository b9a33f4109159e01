import { DOMAIN_ENTITIES } from '@mais/domain';
import { CALENDAR_ENTITIES } from '@mais/calendar';
import { CONFIG_VERSIONING_ENTITIES } from '@mais/config-versioning';
import { NOTIFICATIONS_ENTITIES } from '@mais/notifications';
import { TENANT_WEBHOOKS_ENTITIES } from '@mais/tenant-webhooks';

/**
 * Every entity, gathered from the libraries that own them (each lists its own tables): the one list the
 * ORM configuration, the migrations and the tests use.
 */
export const ALL_ENTITIES = [...DOMAIN_ENTITIES, ...CONFIG_VERSIONING_ENTITIES, ...CALENDAR_ENTITIES, ...NOTIFICATIONS_ENTITIES, ...TENANT_WEBHOOKS_ENTITIES];
