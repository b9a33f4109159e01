import { canonicalJson, requestHash } from './canonical-json';

describe(canonicalJson.name, () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it('writes an absent body as null', () => expect(canonicalJson(undefined)).toBe('null'));
});

describe(requestHash.name, () => {
  it('is the same for the same body written in another key order', () => {
    expect(requestHash({ eventDate: '2027-06-12', packageSlug: 'classic' })).toBe(requestHash({ packageSlug: 'classic', eventDate: '2027-06-12' }));
  });

  it('differs when a value differs', () => {
    expect(requestHash({ eventDate: '2027-06-12' })).not.toBe(requestHash({ eventDate: '2027-06-13' }));
  });
});
