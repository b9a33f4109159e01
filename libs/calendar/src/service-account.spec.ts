import { ValidationError } from '@mais/domain';
import { makeServiceAccountJson } from '@mais/testing';
import { parseServiceAccountJson } from './service-account';

describe(parseServiceAccountJson.name, () => {
  const reasonFor = (json: string) => {
    try {
      parseServiceAccountJson(json);
      return 'accepted';
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const { errors } = (error as ValidationError).details;
      expect(errors?.map((e) => e.field)).toEqual(['serviceAccountJson']);
      return errors![0].message;
    }
  };
  const account = (fields: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(makeServiceAccountJson()), ...fields });

  it("accepts a key file as Google's console downloads it and names its account", () => {
    const json = makeServiceAccountJson();
    expect(parseServiceAccountJson(json)).toEqual({ clientEmail: JSON.parse(json).client_email });
  });

  it('refuses what is not JSON, or not a JSON object', () => {
    expect(reasonFor('{"type": "service_account",')).toMatch(/not valid JSON/);
    expect(reasonFor('[]')).toBe('must be a JSON object');
    expect(reasonFor('"text"')).toBe('must be a JSON object');
  });

  it('refuses other kinds of Google credentials', () => {
    expect(reasonFor(account({ type: 'authorized_user' }))).toMatch(/type "service_account"\), got type "authorized_user"/);
    expect(reasonFor(account({ type: undefined }))).toMatch(/got type null/);
  });

  it('refuses a key file without a usable client_email or private_key, without echoing the key', () => {
    expect(reasonFor(account({ client_email: 'not-an-email' }))).toMatch(/client_email/);
    expect(reasonFor(account({ private_key: '' }))).toBe('private_key is missing');
    const broken = '-----BEGIN PRIVATE KEY-----\nAAAAsecret\n-----END PRIVATE KEY-----\n';
    const reason = reasonFor(account({ private_key: broken }));
    expect(reason).toBe('private_key is not a PEM private key');
    expect(reason).not.toContain('secret');
  });

  it('refuses an oversized document before parsing it', () => {
    expect(reasonFor(account({ padding: 'x'.repeat(25_000) }))).toMatch(/at most 20000 characters/);
  });
});
