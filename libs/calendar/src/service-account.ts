import { createPrivateKey } from 'node:crypto';
import { ValidationError } from '@mais/domain';

/** What a Google service-account key file must hold for the JWT flow; checked before it is stored. */
export interface ServiceAccountSummary {
  clientEmail: string;
}

const MAX_JSON_LENGTH = 20_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks the shape of a service-account JSON key (as Google's console downloads it): valid JSON, type
 * `service_account`, a `client_email`, and a `private_key` that parses as a PEM private key. Throws a
 * ValidationError naming the field `serviceAccountJson`; the message never echoes the key material.
 */
export function parseServiceAccountJson(json: string, field = 'serviceAccountJson'): ServiceAccountSummary {
  const invalid = (message: string) => new ValidationError('The service-account JSON is not usable', [{ field, message }]);
  if (json.length > MAX_JSON_LENGTH) throw invalid(`must be at most ${MAX_JSON_LENGTH} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalid('must be the JSON key file of a Google service account (it is not valid JSON)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('must be a JSON object');
  const account = parsed as Record<string, unknown>;
  if (account.type !== 'service_account') {
    throw invalid(`must be a service-account key (type "service_account"), got type ${JSON.stringify(account.type ?? null)}`);
  }
  if (typeof account.client_email !== 'string' || !EMAIL.test(account.client_email)) throw invalid('client_email is missing or not an email address');
  if (typeof account.private_key !== 'string' || account.private_key.trim() === '') throw invalid('private_key is missing');
  try {
    createPrivateKey(account.private_key);
  } catch {
    throw invalid('private_key is not a PEM private key');
  }
  return { clientEmail: account.client_email };
}
