import { RecentlyStoredEvents } from './recently-stored-events';

describe(RecentlyStoredEvents.name, () => {
  it('remembers stored ids up to its capacity, forgetting the one remembered first', () => {
    const memory = new RecentlyStoredEvents(3);
    for (const n of [1, 2, 3]) memory.remember(`evt_${n}`, `id-${n}`);
    expect(memory.storedId('evt_1')).toBe('id-1');

    memory.remember('evt_4', 'id-4');

    expect(memory.size).toBe(3);
    expect(memory.storedId('evt_1')).toBeUndefined();
    expect(['evt_2', 'evt_3', 'evt_4'].map((id) => memory.storedId(id))).toEqual(['id-2', 'id-3', 'id-4']);
  });

  it('keeps an id remembered twice once, in its first place, with its first stored id', () => {
    const memory = new RecentlyStoredEvents(2);
    memory.remember('evt_1', 'id-1');
    memory.remember('evt_2', 'id-2');
    memory.remember('evt_1', 'id-other');

    expect(memory.size).toBe(2);
    expect(memory.storedId('evt_1')).toBe('id-1');
    memory.remember('evt_3', 'id-3');
    expect(memory.storedId('evt_1')).toBeUndefined();
    expect(memory.storedId('evt_2')).toBe('id-2');
  });

  it('stays bounded over many more ids than its capacity', () => {
    const memory = new RecentlyStoredEvents(1_000);
    for (let n = 0; n < 25_000; n++) memory.remember(`evt_${n}`, `id-${n}`);

    expect(memory.size).toBe(1_000);
    expect(memory.storedId('evt_23999')).toBeUndefined();
    expect(memory.storedId('evt_24000')).toBe('id-24000');
    expect(memory.storedId('evt_24999')).toBe('id-24999');
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RecentlyStoredEvents(0)).toThrow(RangeError);
    expect(() => new RecentlyStoredEvents(1.5)).toThrow(RangeError);
  });
});
