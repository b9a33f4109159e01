import { randomBytes } from 'node:crypto';
import { generateTenantKeys, hashSecretKey, parseTenantKey, randomKeyPart } from './tenant-keys';
import { SecretCipher } from './secret-cipher';

describe('tenant keys', () => {
  it('generates pk_live_/sk_live_ keys with the slug and 32 random characters', () => {
    const keys = generateTenantKeys('bella-weddings');
    expect(keys.publicKey).toMatch(/^pk_live_bella-weddings_[A-Za-z0-9]{32}$/);
    expect(keys.secretKey).toMatch(/^sk_live_bella-weddings_[A-Za-z0-9]{32}$/);
    expect(generateTenantKeys('bella-weddings').publicKey).not.toBe(keys.publicKey);
  });

  it('parses well-formed keys and rejects malformed ones', () => {
    expect(parseTenantKey(`pk_live_demo_${'a'.repeat(32)}`)).toEqual({ kind: 'pk', slug: 'demo' });
    expect(parseTenantKey(`sk_live_demo-2_${'A1'.repeat(16)}`)).toEqual({ kind: 'sk', slug: 'demo-2' });
    expect(parseTenantKey(`pk_live_demo_${'a'.repeat(31)}`)).toBeNull();
    expect(parseTenantKey(`pk_test_demo_${'a'.repeat(32)}`)).toBeNull();
    expect(parseTenantKey(`pk_live_Demo_${'a'.repeat(32)}`)).toBeNull();
  });

  describe('the key format, exactly', () => {
    const random = 'Ab3'.repeat(10) + 'Zz';
    const valid = `pk_live_bella_${random}`;

    it('accepts nothing before or after a valid key (no prefix, suffix, whitespace or second key)', () => {
      expect(parseTenantKey(valid)).toEqual({ kind: 'pk', slug: 'bella' });
      for (const key of [`${valid}x`, `${valid} `, ` ${valid}`, `x${valid}`, `${valid}\n`, `${valid},${valid}`, `Bearer ${valid}`]) {
        expect({ key, parsed: parseTenantKey(key) }).toEqual({ key, parsed: null });
      }
    });

    it('takes exactly 32 random characters of [A-Za-z0-9]', () => {
      expect(parseTenantKey(`pk_live_bella_${'a'.repeat(33)}`)).toBeNull();
      expect(parseTenantKey(`pk_live_bella_${'a'.repeat(31)}-`)).toBeNull();
      expect(parseTenantKey(`pk_live_bella_${'a'.repeat(31)}_`)).toBeNull();
    });

    it('knows only the pk and sk kinds, live, in lower case', () => {
      expect(parseTenantKey(`sk_live_bella_${random}`)).toEqual({ kind: 'sk', slug: 'bella' });
      for (const prefix of ['xk_live_', 'PK_live_', 'pk_LIVE_', 'pklive_', 'pk_live', 'pk__live_']) {
        expect(parseTenantKey(`${prefix}bella_${random}`)).toBeNull();
      }
    });

    it('takes the slug rule: lower-case letters, digits, inner hyphens, 1 to 63 characters', () => {
      expect(parseTenantKey(`pk_live_a_${random}`)).toEqual({ kind: 'pk', slug: 'a' });
      expect(parseTenantKey(`pk_live_${'a'.repeat(63)}_${random}`)?.slug).toHaveLength(63);
      for (const slug of ['', '-bella', 'bella-', 'bel_la', 'bel.la', 'a'.repeat(64)]) {
        expect({ slug, parsed: parseTenantKey(`pk_live_${slug}_${random}`) }).toEqual({ slug, parsed: null });
      }
    });
  });

  it('refuses to make keys for a slug that breaks the rule, naming it', () => {
    for (const slug of ['Bella', 'bel_la', '-bella', 'bella-', '', 'a'.repeat(64)]) {
      expect(() => generateTenantKeys(slug)).toThrow(new RangeError(`Invalid tenant slug: ${slug}`));
    }
    expect(generateTenantKeys('a'.repeat(63)).publicKey).toMatch(/^pk_live_a{63}_/);
    expect(generateTenantKeys('a').publicKey).toMatch(/^pk_live_a_[A-Za-z0-9]{32}$/);
  });

  it('draws the random part from the whole alphabet: every character class shows up in a few thousand characters', () => {
    const sample = Array.from({ length: 100 }, () => randomKeyPart()).join('');
    expect(sample).toMatch(/^[A-Za-z0-9]{3200}$/);
    for (const range of [/[A-Z]/, /[a-z]/, /[0-9]/, /[A]/, /[z]/, /[9]/]) expect(sample).toMatch(range);
    expect(randomKeyPart(5)).toHaveLength(5);
  });

  it('hashes secret keys deterministically', () => {
    expect(hashSecretKey('sk_live_x')).toBe(hashSecretKey('sk_live_x'));
    expect(hashSecretKey('sk_live_x')).toHaveLength(64);
    // SHA-256 in hex, the form the lookup column stores.
    expect(hashSecretKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe(SecretCipher.name, () => {
  const cipher = new SecretCipher(randomBytes(32));

  it('round-trips a secret and never produces the same ciphertext twice', () => {
    const a = cipher.encrypt('sk_live_demo_secret', 'tenant-1');
    expect(cipher.decrypt(a, 'tenant-1')).toBe('sk_live_demo_secret');
    expect(cipher.encrypt('sk_live_demo_secret', 'tenant-1')).not.toBe(a);
  });

  it('rejects tampering, another key, or another tenant binding', () => {
    const token = cipher.encrypt('secret', 'tenant-1');
    const parts = token.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'tenant-1')).toThrow();
    expect(() => new SecretCipher(randomBytes(32)).decrypt(token, 'tenant-1')).toThrow();
    expect(() => cipher.decrypt(token, 'tenant-2')).toThrow();
  });
});
