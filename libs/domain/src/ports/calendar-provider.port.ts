export interface CalendarCredentials {
  calendarId: string;
  /** The Google service-account JSON (decrypted, in memory only). */
  serviceAccountJson: string;
}

export interface BusyInterval {
  start: Date;
  end: Date;
}

export interface AllDayEvent {
  /** Deterministic id derived from the booking, so a retried insert never duplicates. */
  eventId: string;
  date: string;
  summary: string;
  description: string;
}

/** Credentials expired or revoked (invalid_grant, 401/403): retrying will not help. */
export class CalendarAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarAuthError';
  }
}

/** A tenant's external calendar. Adapter: GoogleCalendarProvider. */
export abstract class CalendarProvider {
  abstract freeBusy(credentials: CalendarCredentials, from: Date, to: Date): Promise<BusyInterval[]>;
  /** Inserts the event; an event with that id already present counts as success. */
  abstract upsertAllDayEvent(credentials: CalendarCredentials, event: AllDayEvent): Promise<void>;
  /** Deletes the event; an event already gone counts as success. */
  abstract deleteEvent(credentials: CalendarCredentials, eventId: string): Promise<void>;
}
