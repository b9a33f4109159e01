import { canonicalJson, requestHash } from './canonical-json';

describe(canonicalJson.name, () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it('writes an absent body as null', () => expect(canonicalJson(undefined)).toBe('null'));

  it('sorts the keys of objects inside arrays, at any depth, and keeps the array order', () => {
    expect(canonicalJson([{ b: 1, a: 2 }, [{ d: 1, c: [{ f: 0, e: 0 }] }]])).toBe('[{"a":2,"b":1},[{"c":[{"e":0,"f":0}],"d":1}]]');
  });

  it('writes dates as JSON does, and leaves strings, numbers, booleans and null alone', () => {
    expect(canonicalJson({ at: new Date('2027-06-12T10:00:00.000Z'), n: 1.5, t: true, z: null, s: 'b,a' })).toBe(
      '{"at":"2027-06-12T10:00:00.000Z","n":1.5,"s":"b,a","t":true,"z":null}',
    );
  });
});

describe(requestHash.name, () => {
  it('is the same for the same body written in another key order', () => {
    expect(requestHash({ eventDate: '2027-06-12', packageSlug: 'classic' })).toBe(requestHash({ packageSlug: 'classic', eventDate: '2027-06-12' }));
  });

  it('is the same for line items whose keys came in another order (the idempotency key compares bodies this way)', () => {
    expect(requestHash({ addOnIds: ['x'], customer: [{ name: 'Ann', email: 'a@x' }] })).toBe(
      requestHash({ customer: [{ email: 'a@x', name: 'Ann' }], addOnIds: ['x'] }),
    );
    expect(requestHash({ addOnIds: ['x', 'y'] })).not.toBe(requestHash({ addOnIds: ['y', 'x'] }));
    expect(requestHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when a value differs', () => {
    expect(requestHash({ eventDate: '2027-06-12' })).not.toBe(requestHash({ eventDate: '2027-06-13' }));
  });
});
