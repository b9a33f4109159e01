import { eventIdForBooking } from './event-id';

describe(eventIdForBooking.name, () => {
  it('derives the same Google-valid event id from the same booking every time', () => {
    const id = eventIdForBooking('7F0C1D2E-3A4B-4C5D-8E9F-0A1B2C3D4E5F');
    expect(id).toBe('mais7f0c1d2e3a4b4c5d8e9f0a1b2c3d4e5f');
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(eventIdForBooking('7f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f')).toBe(id);
  });

  it('rejects a booking id that is not a UUID', () => {
    expect(() => eventIdForBooking('booking-1')).toThrow(RangeError);
  });
});
