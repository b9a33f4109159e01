import { describeError } from './webhook-error';

describe(describeError.name, () => {
  it('keeps the name and message', () => expect(describeError(new TypeError('boom'))).toBe('TypeError: boom'));

  it('redacts keys and secrets', () => {
    expect(describeError(new Error('Invalid API Key provided: sk_live_abc123 and whsec_xyz'))).toBe(
      'Error: Invalid API Key provided: [redacted] and [redacted]',
    );
  });

  it('bounds the length', () => expect(describeError(new Error('x'.repeat(5000))).length).toBe(1000));
});
