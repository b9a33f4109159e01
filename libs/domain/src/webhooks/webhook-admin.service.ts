import { Injectable } from '@nestjs/common';
import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError, ValidationError } from '../common/domain.error';
import { decodeCursor, Page, PageRequest, pageSize, toPage } from '../common/pagination';
import { WebhookEvent, WebhookEventStatus } from './webhook-event.entity';
import { WebhookIngestionService } from './webhook-ingestion.service';

export interface WebhookEventQuery extends PageRequest {
  status?: WebhookEventStatus;
}

/** The platform admins' view of stored provider events: the dead letters, and their replay. Platform-level. */
@Injectable()
export class WebhookAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly ingestion: WebhookIngestionService,
  ) {}

  /** Newest first; the cursor carries the received instant and the id. */
  async list(query: WebhookEventQuery): Promise<Page<WebhookEvent>> {
    const where: FilterQuery<WebhookEvent>[] = [];
    if (query.status) where.push({ status: query.status });
    if (query.cursor) {
      const [receivedAt, id] = decodeCursor(query.cursor, ['instant', 'uuid']);
      const instant = new Date(receivedAt);
      if (Number.isNaN(instant.getTime())) throw new ValidationError('Invalid cursor', [{ field: 'cursor', message: 'is not a cursor this list handed out' }]);
      where.push({ $or: [{ receivedAt: { $lt: instant } }, { receivedAt: instant, id: { $lt: id } }] });
    }
    const limit = pageSize(query);
    const rows = await this.em.find(WebhookEvent, where.length ? { $and: where } : {}, {
      orderBy: { receivedAt: 'desc', id: 'desc' },
      limit: limit + 1,
    });
    return toPage(rows, limit, (last) => [last.receivedAt.toISOString(), last.id]);
  }

  async get(id: string): Promise<WebhookEvent> {
    const event = await this.em.findOne(WebhookEvent, { id });
    if (!event) throw new NotFoundError('Webhook event');
    return event;
  }

  /**
   * Puts a FAILED event back to PENDING and enqueues it. If the queue cannot take it now, the sweep
   * will: the event is PENDING either way.
   */
  async replay(id: string): Promise<WebhookEvent> {
    const changed = await this.em.nativeUpdate(
      WebhookEvent,
      { id, status: WebhookEventStatus.FAILED },
      { status: WebhookEventStatus.PENDING, processedAt: null, updatedAt: new Date() },
    );
    const event = await this.get(id);
    if (changed === 0) throw new ConflictError(`Only a FAILED event can be replayed; this one is ${event.status}`);
    await this.ingestion.enqueue(event.id, event.providerEventId);
    return event;
  }
}
