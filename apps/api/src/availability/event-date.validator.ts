import { ValidateBy, ValidationOptions } from 'class-validator';
import { EVENT_DATE_HORIZON_YEARS, isCalendarDate, isWithinEventDateWindow } from '@mais/domain';

/**
 * An event date from a client: a real calendar day written YYYY-MM-DD (2027-02-29 is refused) within
 * EVENT_DATE_HORIZON_YEARS of today. Today is UTC here: the tenant's zone is not known yet, and a day
 * either way does not matter at this scale; the booking rules then apply the tenant's own today (PAST).
 */
export function IsEventDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEventDate',
      validator: {
        validate: (value) => isCalendarDate(value) && isWithinEventDateWindow(value, new Date().toISOString().slice(0, 10)),
        defaultMessage: (args) =>
          isCalendarDate(args?.value) ? `$property must be within ${EVENT_DATE_HORIZON_YEARS} years of today` : '$property must be a YYYY-MM-DD date',
      },
    },
    options,
  );
}
