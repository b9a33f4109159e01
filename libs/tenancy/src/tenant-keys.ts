import { createHash, randomInt } from 'node:crypto';

/** Tenant slugs: lower-case letters, digits and inner hyphens (no underscore: it separates key parts). */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const KEY_PATTERN = /^(pk|sk)_live_([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)_([A-Za-z0-9]{32})$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface TenantKeys {
  publicKey: string;
  secretKey: string;
}

export interface ParsedTenantKey {
  kind: 'pk' | 'sk';
  slug: string;
}

/** 32 characters from [A-Za-z0-9], crypto-random and unbiased (randomInt rejects modulo bias). */
export function randomKeyPart(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function generateTenantKeys(slug: string): TenantKeys {
  if (!SLUG_PATTERN.test(slug)) throw new RangeError(`Invalid tenant slug: ${slug}`);
  return { publicKey: `pk_live_${slug}_${randomKeyPart()}`, secretKey: `sk_live_${slug}_${randomKeyPart()}` };
}

export function parseTenantKey(key: string): ParsedTenantKey | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { kind: match[1] as 'pk' | 'sk', slug: match[2] } : null;
}

/** Lookup hash of a secret key: the key has 190 bits of entropy, so a plain SHA-256 is not guessable. */
export function hashSecretKey(secretKey: string): string {
  return createHash('sha256').update(secretKey).digest('hex');
}
