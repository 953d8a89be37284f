// PORTICO_DATABASE_URL: unset = SQLite under PORTICO_DATA_DIR; postgresql://… = PostgreSQL,
// shared by every instance. A bad value stops the process with a message naming the
// variable, and never echoes the password.
export const DATABASE_URL_VARIABLE = 'PORTICO_DATABASE_URL';

const EXPECTED = 'postgresql://user:password@host:port/database';

/** The URL with its password masked, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable)';
  }
}

/** The problem with a PORTICO_DATABASE_URL value, or null when it is usable. */
export function databaseUrlProblem(value: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return `${DATABASE_URL_VARIABLE} is not a URL: expected ${EXPECTED}`;
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    return `${DATABASE_URL_VARIABLE} must be a PostgreSQL URL (${EXPECTED}), not ${parsed.protocol}//… (leave it unset for SQLite under PORTICO_DATA_DIR)`;
  }
  if (!parsed.hostname) return `${DATABASE_URL_VARIABLE} has no host: expected ${EXPECTED}`;
  if (parsed.pathname.replace(/^\//, '') === '') return `${DATABASE_URL_VARIABLE} names no database: expected ${EXPECTED}`;
  return null;
}

/** The configured PostgreSQL URL, null for SQLite; throws the message above when it is invalid. */
export function databaseUrlFromEnv(env: Record<string, string | undefined> = process.env): string | null {
  const value = env[DATABASE_URL_VARIABLE];
  if (!value) return null;
  const problem = databaseUrlProblem(value);
  if (problem) throw new Error(problem);
  return value;
}
