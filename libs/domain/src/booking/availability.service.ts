import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { addDays, todayIn } from '../common/calendar-date';
import { CurrentTenant } from '../ports/current-tenant.port';
import { Availability, assertCalendarDate, assertDateRange, firstReason, UnavailableDates, UnavailableReason } from './availability';
import { AVAILABILITY_SQL } from './availability.queries';

export interface AvailabilityOptions {
  /** A hold that does not count against the date: the checkout whose payment is being turned into a booking. */
  ignoreHoldId?: string;
  /** Do not treat past dates as unavailable (a payment for a date that was held while still upcoming). */
  ignorePast?: boolean;
}

/**
 * Whether dates can be sold, for the tenant in scope. A date is unavailable when it is before the
 * tenant's today (in its time zone), booked, blacked out, busy in its synced calendar, or held by an
 * open checkout that has not expired. Inside a transaction the read runs on the transaction's connection.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
  ) {}

  async check(date: string, options: AvailabilityOptions = {}): Promise<Availability> {
    assertCalendarDate(date, 'date');
    const reasons = await this.reasonsBetween(date, date, options);
    const reason = firstReason(reasons.get(date));
    return { date, available: reason === null, reason };
  }

  /** Every unavailable date of an inclusive range of at most 366 days: one query per source. */
  async unavailableBetween(from: string, to: string): Promise<UnavailableDates> {
    assertDateRange(from, to);
    const reasons = await this.reasonsBetween(from, to, {});
    const dates: UnavailableDates['dates'] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) {
      const reason = firstReason(reasons.get(date));
      if (reason) dates.push({ date, reason });
    }
    return { from, to, dates };
  }

  private async reasonsBetween(from: string, to: string, options: AvailabilityOptions): Promise<Map<string, Set<UnavailableReason>>> {
    const reasons = new Map<string, Set<UnavailableReason>>();
    const add = (date: string, reason: UnavailableReason) => {
      let set = reasons.get(date);
      if (!set) reasons.set(date, (set = new Set()));
      set.add(reason);
    };

    let upcomingFrom = from;
    if (!options.ignorePast) {
      const today = todayIn((await this.currentTenant.tenant()).timezone);
      for (let date = from; date <= to && date < today; date = addDays(date, 1)) add(date, 'PAST');
      if (today > upcomingFrom) upcomingFrom = today;
    }
    if (upcomingFrom > to) return reasons;

    const rows = await this.reasonRows([{ tenantId: this.currentTenant.tenantId, from: upcomingFrom, to, ignoreHoldId: options.ignoreHoldId ?? null }]);
    rows.forEach((row) => add(row.date, row.reason));
    return reasons;
  }

  /**
   * Why each of several tenants' dates cannot be sold (null: it can), past dates not counted: for the batched
   * completion of paid checkouts (PaidCheckoutBatch), which runs across tenants; each row names the tenant its
   * verified payment event belongs to, and the statement binds it. Inside a transaction, on its connection.
   */
  async reasonsForEach(rows: readonly { tenantId: string; date: string; ignoreHoldId: string | null }[]): Promise<(UnavailableReason | null)[]> {
    const found = await this.reasonRows(rows.map((row) => ({ tenantId: row.tenantId, from: row.date, to: row.date, ignoreHoldId: row.ignoreHoldId })));
    const byRow = rows.map(() => new Set<UnavailableReason>());
    found.forEach((row) => byRow[row.n].add(row.reason));
    return byRow.map((set) => firstReason(set));
  }

  /** One statement, one branch per source; `n` is the index of the range a date was found for. */
  private reasonRows(
    ranges: readonly { tenantId: string; from: string; to: string; ignoreHoldId: string | null }[],
  ): Promise<{ n: number; date: string; reason: UnavailableReason }[]> {
    const wanted = ranges.map((range, n) => ({ n, tenant_id: range.tenantId, date_from: range.from, date_to: range.to, ignore_hold_id: range.ignoreHoldId }));
    return this.em.execute(AVAILABILITY_SQL.reasonsIn, [JSON.stringify(wanted), new Date()]);
  }
}
