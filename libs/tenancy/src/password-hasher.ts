import { hash, verify } from '@node-rs/argon2';

/** argon2id password hashing (OWASP parameters: 19 MiB, 2 iterations, 1 lane). */
export const PasswordHasher = {
  hash(password: string): Promise<string> {
    return hash(password, { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  },
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
};

/** A fixed hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= PasswordHasher.hash('not-a-real-password-but-same-cost');
  return dummyHash;
}
