import { Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { addDays, todayIn } from '../common/calendar-date';
import { ConflictError, NotFoundError } from '../common/domain.error';
import { CurrentTenant } from '../ports/current-tenant.port';
import { TenantReadsChanged } from '../common/tenant-reads-changed';
import { assertCalendarDate, assertDateRange, MAX_RANGE_DAYS } from './availability';
import { BlackoutDate } from './blackout-date.entity';

export interface BlackoutRange {
  from: string;
  to: string;
  items: BlackoutDate[];
}

/** Dates the tenant does not sell (holidays, private events), for its admins. */
@Injectable()
export class BlackoutService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly readsChanged: TenantReadsChanged,
  ) {}

  /** Blackouts in an inclusive range of at most 366 days; by default the coming year from the tenant's today. */
  async list(range: { from?: string; to?: string }): Promise<BlackoutRange> {
    if (range.from !== undefined) assertCalendarDate(range.from, 'from');
    if (range.to !== undefined) assertCalendarDate(range.to, 'to');
    const from = range.from ?? (range.to !== undefined ? addDays(range.to, -(MAX_RANGE_DAYS - 1)) : await this.today());
    const to = range.to ?? addDays(from, MAX_RANGE_DAYS - 1);
    assertDateRange(from, to);
    const items = await this.em.find(BlackoutDate, { date: { $gte: from, $lte: to } }, { orderBy: { date: 'asc' } });
    return { from, to, items };
  }

  async create(input: { date: string; reason?: string | null }): Promise<BlackoutDate> {
    assertCalendarDate(input.date, 'date');
    const blackout = this.em.create(BlackoutDate, { tenant: this.currentTenant.tenantRef(), date: input.date, reason: input.reason?.trim() || null });
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new ConflictError(`${input.date} is already blacked out`);
      }
      throw error;
    }
    await this.readsChanged.notify();
    return blackout;
  }

  async remove(id: string): Promise<void> {
    const blackout = await this.em.findOne(BlackoutDate, { id });
    if (!blackout) throw new NotFoundError('Blackout date');
    this.em.remove(blackout);
    await this.em.flush();
    await this.readsChanged.notify();
  }

  private async today(): Promise<string> {
    return todayIn((await this.currentTenant.tenant()).timezone);
  }
}
