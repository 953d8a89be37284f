// The password policy, in one place for the API and the forms that ask for a password
// (setup, adding a user, changing your password): a form says every problem at once,
// before the round trip, in the same words the API would use.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters (this one has ${password.length})`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.toLowerCase() === email.trim().toLowerCase()) return 'must not be the email address';
  if (/^(.)\1+$/.test(password)) return 'must not repeat a single character';
  return null;
}

/** An email address as the API accepts one: something@somewhere, at most 254 characters. */
export function emailProblem(email: string): string | null {
  const trimmed = email.trim();
  if (trimmed === '') return 'required';
  if (trimmed.length > 254) return 'must be at most 254 characters';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? null : 'must be an email address (name@example.com)';
}
