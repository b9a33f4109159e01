import { isEmail } from 'class-validator';
import { ValidationError, type FieldError } from '@mais/domain';

/**
 * What an admin's email and password must be, wherever a user is made or changed (API, CLI, the platform admin
 * of PLATFORM_ADMIN_EMAIL): one copy, so nobody can create a login that the login route then refuses.
 */
export const CREDENTIAL_RULES = {
  emailMaxLength: 254,
  passwordMinLength: 10,
  passwordMaxLength: 200,
} as const;

/** The field errors of an email and/or password (only the ones given are checked); empty when both are fine. */
export function credentialErrors(input: { email?: string; password?: string }): FieldError[] {
  const errors: FieldError[] = [];
  const { email, password } = input;
  if (email !== undefined && (email.length > CREDENTIAL_RULES.emailMaxLength || !isEmail(email))) {
    errors.push({ field: 'email', message: `must be an email address of at most ${CREDENTIAL_RULES.emailMaxLength} characters` });
  }
  if (password !== undefined && (password.length < CREDENTIAL_RULES.passwordMinLength || password.length > CREDENTIAL_RULES.passwordMaxLength)) {
    errors.push({
      field: 'password',
      message: `must be ${CREDENTIAL_RULES.passwordMinLength} to ${CREDENTIAL_RULES.passwordMaxLength} characters long`,
    });
  }
  return errors;
}

export function assertCredentials(input: { email?: string; password?: string }): void {
  const errors = credentialErrors(input);
  if (errors.length) throw new ValidationError('Invalid user credentials', errors);
}
