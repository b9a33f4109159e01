/**
 * Provider event ids this process has seen stored, each with our id of the stored event, so that a redelivery (Stripe
 * delivers an event several times) is acknowledged without a statement. Bounded: past `capacity` ids, the one remembered
 * first is forgotten first. A forgotten or never-seen id simply goes to the database, which stays the arbiter (every
 * process has its own memory). The ingestion remembers an id only once the database has returned its stored row.
 */
export class RecentlyStoredEvents {
  readonly #ids = new Map<string, string>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
  }

  get size(): number {
    return this.#ids.size;
  }

  /** Our id of the stored event, when this process remembers it. */
  storedId(providerEventId: string): string | undefined {
    return this.#ids.get(providerEventId);
  }

  remember(providerEventId: string, webhookEventId: string): void {
    if (this.#ids.has(providerEventId)) return;
    this.#ids.set(providerEventId, webhookEventId);
    // A Map iterates in insertion order: its first key is the oldest.
    if (this.#ids.size > this.capacity) this.#ids.delete(this.#ids.keys().next().value as string);
  }
}
