import { Injectable } from '@nestjs/common';
import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError } from '../common/domain.error';
import { CurrentTenant } from '../ports/current-tenant.port';
import { TenantReadsChanged } from '../common/tenant-reads-changed';
import { JobOutbox } from '../jobs/job-outbox';
import { PaymentProvider } from '../ports/payment-provider.port';
import { assertCalendarDate } from './availability';
import { Booking, BookingStatus } from './booking.entity';
import { bookingJobs } from './booking-jobs';
import { bookingEventData, TenantEvents } from '../events/tenant-events';
import { decodeCursor, Page, PageRequest, pageSize, toPage } from '../common/pagination';

export interface BookingQuery extends PageRequest {
  /** Event dates from (inclusive). */
  from?: string;
  /** Event dates to (inclusive). */
  to?: string;
  status?: BookingStatus;
  /** Text in the customer's name or email (case-insensitive). */
  q?: string;
}

/** The tenant's bookings, for its admins: list, detail, and cancellation (which frees the date). */
@Injectable()
export class BookingService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly payments: PaymentProvider,
    private readonly outbox: JobOutbox,
    private readonly readsChanged: TenantReadsChanged,
    private readonly events: TenantEvents,
  ) {}

  /** Ordered by event date, then id; the cursor carries both. */
  async list(query: BookingQuery): Promise<Page<Booking>> {
    const where: FilterQuery<Booking>[] = [];
    if (query.from !== undefined) {
      assertCalendarDate(query.from, 'from');
      where.push({ eventDate: { $gte: query.from } });
    }
    if (query.to !== undefined) {
      assertCalendarDate(query.to, 'to');
      where.push({ eventDate: { $lte: query.to } });
    }
    if (query.status) where.push({ status: query.status });
    if (query.q?.trim()) {
      // A literal search: % and _ in what the admin typed match themselves.
      const pattern = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push({ customer: { $or: [{ name: { $ilike: pattern } }, { email: { $ilike: pattern } }] } });
    }
    if (query.cursor) {
      const [eventDate, id] = decodeCursor(query.cursor, ['date', 'uuid']);
      where.push({ $or: [{ eventDate: { $gt: eventDate } }, { eventDate, id: { $gt: id } }] });
    }
    const limit = pageSize(query);
    const rows = await this.em.find(Booking, where.length ? { $and: where } : {}, {
      populate: ['customer'],
      orderBy: { eventDate: 'asc', id: 'asc' },
      limit: limit + 1,
    });
    return toPage(rows, limit, (last) => [last.eventDate, last.id]);
  }

  async get(id: string): Promise<Booking> {
    const booking = await this.em.findOne(Booking, { id }, { populate: ['customer'] });
    if (!booking) throw new NotFoundError('Booking');
    return booking;
  }

  /**
   * Cancels a PAID booking, freeing its date: CANCELLED, or REFUNDED after a full refund through the
   * provider (refund first, under a key derived from the booking, so a retried cancel refunds once).
   */
  async cancel(id: string, options: { refund: boolean }): Promise<Booking> {
    const booking = await this.get(id);
    if (booking.status !== BookingStatus.PAID) throw new ConflictError(`The booking is ${booking.status.toLowerCase()}; only a paid booking can be cancelled`);
    if (options.refund) {
      if (!booking.paymentIntentId) throw new ConflictError('The booking has no payment to refund');
      const tenant = await this.currentTenant.tenant();
      await this.payments.refund({
        connectedAccountId: tenant.stripeAccountId,
        paymentIntentId: booking.paymentIntentId,
        idempotencyKey: `refund-booking-${booking.id}`,
        reason: 'requested_by_customer',
      });
    }
    const now = new Date();
    const change = options.refund
      ? { status: BookingStatus.REFUNDED, cancelledAt: now, refundedAt: now, updatedAt: now }
      : { status: BookingStatus.CANCELLED, cancelledAt: now, updatedAt: now };
    let jobs = bookingJobs(this.currentTenant.tenantId).cancelled(booking.id);
    // The cancellation, its emails and calendar jobs and its event commit together: none is lost if the queue is down now.
    const changed = await this.em.transactional(async (em) => {
      const count = await em.nativeUpdate(Booking, { id, status: BookingStatus.PAID }, change);
      if (count === 0) return 0;
      const type = options.refund ? 'booking.refunded' : 'booking.cancelled';
      jobs = await this.events.record(em, type, bookingEventData({ ...booking, ...change, id: booking.id }, booking.customer), jobs);
      return count;
    });
    await this.em.refresh(booking, { populate: ['customer'] });
    const status = booking.status as BookingStatus;
    // Lost a race: another cancel, or the provider's refund notice, got there first.
    if (changed === 0 && !(options.refund && status === BookingStatus.REFUNDED)) {
      throw new ConflictError(`The booking is ${status.toLowerCase()}; only a paid booking can be cancelled`);
    }
    if (changed > 0) {
      await this.readsChanged.notify();
      await this.outbox.relay(jobs);
    }
    return booking;
  }
}
