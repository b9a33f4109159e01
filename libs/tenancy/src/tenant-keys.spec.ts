import { randomBytes } from 'node:crypto';
import { generateTenantKeys, hashSecretKey, parseTenantKey } from './tenant-keys';
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

  it('hashes secret keys deterministically', () => {
    expect(hashSecretKey('sk_live_x')).toBe(hashSecretKey('sk_live_x'));
    expect(hashSecretKey('sk_live_x')).toHaveLength(64);
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
