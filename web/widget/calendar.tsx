import { useEffect, useRef } from 'preact/hooks';
import { addDays, addMonths, daysInMonth, formatLongDate, formatMonth, monthOf, weekdayIndex } from './dates';

/** Arrow keys move a day or a week, Home/End to the week's ends, Page Up/Down a month (the ARIA grid pattern). */
const KEY_STEPS: Record<string, (date: string) => string> = {
  ArrowLeft: (d) => addDays(d, -1),
  ArrowRight: (d) => addDays(d, 1),
  ArrowUp: (d) => addDays(d, -7),
  ArrowDown: (d) => addDays(d, 7),
  Home: (d) => addDays(d, -weekdayIndex(d)),
  End: (d) => addDays(d, 6 - weekdayIndex(d)),
  PageUp: (d) => sameDayIn(addMonths(monthOf(d), -1), d),
  PageDown: (d) => sameDayIn(addMonths(monthOf(d), 1), d),
};

/** The same day of the month in `month`, or its last day (31 January → 28 or 29 February). */
function sameDayIn(month: string, date: string): string {
  return `${month}-${String(Math.min(Number(date.slice(8)), daysInMonth(month))).padStart(2, '0')}`;
}

const WEEKDAYS: [short: string, long: string][] = [
  ['Mon', 'Monday'],
  ['Tue', 'Tuesday'],
  ['Wed', 'Wednesday'],
  ['Thu', 'Thursday'],
  ['Fri', 'Friday'],
  ['Sat', 'Saturday'],
  ['Sun', 'Sunday'],
];

/** Why a day cannot be chosen, in words (the API's UnavailableReason codes). */
export const REASON_WORDS: Record<string, string> = {
  PAST: 'past',
  BOOKED: 'booked',
  HELD: 'on hold',
  BLACKOUT: 'not available',
  CALENDAR_BUSY: 'not available',
};

export interface CalendarProps {
  /** YYYY-MM shown */
  month: string;
  today: string;
  lastDay: string;
  /** Unavailable days of the month and why; null while loading. */
  unavailable: Map<string, string> | null;
  failed: boolean;
  selected: string | null;
  onSelect(date: string): void;
  onMonth(month: string): void;
  onRetry(): void;
}

/**
 * A month of days as buttons (`data-date`); a day that is past, booked, held, blacked out or busy is a
 * disabled button that says why. Days are not choosable until the month's availability has arrived.
 */
export function Calendar(props: CalendarProps) {
  const { month, today, lastDay, unavailable, selected } = props;
  const first = `${month}-01`;
  const count = daysInMonth(month);
  const cells: (string | null)[] = Array.from({ length: weekdayIndex(first) }, () => null);
  for (let day = 0; day < count; day++) cells.push(addDays(first, day));
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const canGoBack = month > today.slice(0, 7);
  const canGoOn = addMonths(month, 1) <= lastDay.slice(0, 7);
  const titleId = `month-${month}`;
  const grid = useRef<HTMLTableElement>(null);
  // A key that moved to another month: the day to focus once that month is drawn.
  const pendingFocus = useRef<string | null>(null);

  useEffect(() => {
    const date = pendingFocus.current;
    if (!date || monthOf(date) !== month) return;
    // Kept until it takes: while the month's availability loads, its days are disabled and cannot take the focus.
    const button = grid.current?.querySelector<HTMLButtonElement>(`[data-date="${date}"]`);
    if (button && !button.disabled) {
      button.focus();
      pendingFocus.current = null;
    }
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const from = (event.target as HTMLElement).dataset?.date;
    const step = KEY_STEPS[event.key];
    if (!from || !step) return;
    event.preventDefault();
    let target = step(from);
    if (target < today) target = today;
    if (target > lastDay) target = lastDay;
    if (monthOf(target) !== month) {
      pendingFocus.current = target;
      props.onMonth(monthOf(target));
      return;
    }
    // Unavailable days are disabled buttons, which cannot take the focus: the key moves on to the next one that can.
    const direction = target < from ? -1 : 1;
    for (let day = target; monthOf(day) === month && day >= today && day <= lastDay; day = addDays(day, direction)) {
      const button = grid.current?.querySelector<HTMLButtonElement>(`[data-date="${day}"]`);
      if (button && !button.disabled) return button.focus();
    }
  };

  return (
    <div class="calendar">
      <div class="calendar-head">
        <button type="button" class="nav" onClick={() => props.onMonth(addMonths(month, -1))} disabled={!canGoBack} aria-label="Previous month">
          ‹
        </button>
        <h3 id={titleId} aria-live="polite">
          {formatMonth(month)}
        </h3>
        <button type="button" class="nav" onClick={() => props.onMonth(addMonths(month, 1))} disabled={!canGoOn} aria-label="Next month">
          ›
        </button>
      </div>
      {props.failed ? (
        <p class="error" role="alert">
          The dates could not be loaded.{' '}
          <button type="button" class="link" onClick={props.onRetry}>
            Try again
          </button>
        </p>
      ) : null}
      <table ref={grid} aria-labelledby={titleId} aria-busy={unavailable === null ? 'true' : undefined} onKeyDown={onKeyDown}>
        <thead>
          <tr>
            {WEEKDAYS.map(([short, long]) => (
              <th scope="col" key={short}>
                <abbr title={long}>{short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, w) => (
            <tr key={w}>
              {week.map((date, d) =>
                date === null ? (
                  <td key={d} />
                ) : (
                  <td key={date}>
                    <Day date={date} reason={dayReason(date, today, lastDay, unavailable)} selected={date === selected} onSelect={props.onSelect} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function dayReason(date: string, today: string, lastDay: string, unavailable: Map<string, string> | null): string | null | undefined {
  if (date < today) return 'PAST';
  if (date > lastDay) return 'BLACKOUT';
  if (unavailable === null) return undefined; // not known yet
  return unavailable.get(date) ?? null;
}

function Day(props: { date: string; reason: string | null | undefined; selected: boolean; onSelect(date: string): void }) {
  const { date, reason, selected } = props;
  const available = reason === null;
  const status = reason === undefined ? 'loading' : available ? 'available' : `unavailable, ${REASON_WORDS[reason] ?? 'not available'}`;
  return (
    <button
      type="button"
      class={`day${available ? '' : ' off'}${selected ? ' selected' : ''}`}
      data-date={date}
      disabled={!available}
      aria-pressed={available ? selected : undefined}
      aria-label={`${formatLongDate(date)}, ${status}`}
      onClick={() => props.onSelect(date)}
    >
      {Number(date.slice(8))}
    </button>
  );
}
