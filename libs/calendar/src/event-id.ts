const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Google event id of a booking's all-day event: 'mais' + the booking uuid's hex digits (36 chars,
 * all in Google's base32hex alphabet a-v0-9). Deterministic, so a retried insert hits 409, not a duplicate.
 */
export function eventIdForBooking(bookingId: string): string {
  if (!UUID.test(bookingId)) throw new RangeError(`Booking id is not a UUID: ${bookingId}`);
  return `mais${bookingId.replace(/-/g, '').toLowerCase()}`;
}
