import { ApiError } from '../shared/api';

export interface Details {
  name: string;
  email: string;
  phone: string;
  notes: string;
}

export type FieldErrors = Partial<Record<keyof Details, string>>;

// The API's rules (apps/api/src/bookings/checkout.dto.ts), checked here first so the customer hears at once.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ().-]{3,38}$/;

export function validateDetails(details: Details, notes: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const name = details.name.trim();
  if (!name) errors.name = 'Please enter your name.';
  else if (name.length > 200) errors.name = 'Please keep your name under 200 characters.';
  const email = details.email.trim();
  if (!email) errors.email = 'Please enter your email address.';
  else if (!EMAIL.test(email) || email.length > 254) errors.email = 'Please enter a valid email address, like ann@example.com.';
  const phone = details.phone.trim();
  if (phone && !PHONE.test(phone)) errors.phone = 'Please enter a phone number (digits, spaces, ( ) . - and a leading +).';
  if (notes && details.notes.length > 2000) errors.notes = 'Please keep your notes under 2,000 characters.';
  return errors;
}

/** What to tell a customer about a failed call, in words (never a stack trace or a bare code). */
export function problemMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The booking service could not be reached. Check your connection and try again.';
  switch (error.code) {
    case 'RATE_LIMITED':
      return 'Too many booking attempts from here for now. Please try again later.';
    case 'PAYMENT_PROVIDER_ERROR':
      return 'The payment page could not be opened. Nothing was charged; please try again in a moment.';
    case 'PAYMENTS_NOT_READY':
      return 'This business cannot take payments online at the moment, so the booking cannot be finished here. Nothing was charged: please contact them directly, or try again later.';
    case 'TENANT_INACTIVE':
    case 'INVALID_TENANT_KEY':
      return 'This business is not taking bookings online at the moment.';
    case 'VALIDATION_FAILED':
      return error.problem?.detail ?? 'Something in the booking is not valid. Please check it.';
    default:
      return error.status >= 500 ? 'Something went wrong on our side. Nothing was charged; please try again.' : error.message;
  }
}
