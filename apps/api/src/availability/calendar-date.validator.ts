import { ValidateBy, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@mais/domain';

/** A real calendar day written YYYY-MM-DD (2027-02-29 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (value) => isCalendarDate(value), defaultMessage: () => '$property must be a YYYY-MM-DD date' } },
    options,
  );
}
