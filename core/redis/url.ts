// PORTICO_REDIS_URL: redis://[user:password@]host:port[/db]. Read by the environment
// schema (a bad value stops startup naming the variable) and by the engine's client.

export interface RedisAddress {
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  db: number;
}

/** The address, or a sentence saying what is wrong with the URL. */
export function parseRedisUrl(text: string): RedisAddress | string {
  if (!text.includes('://')) return `must be a URL such as redis://127.0.0.1:6379 (got "${text}")`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a URL such as redis://127.0.0.1:6379';
  }
  if (url.protocol !== 'redis:') return `must start with redis:// (got ${url.protocol}//; TLS, rediss://, is not supported)`;
  if (!url.hostname) return 'must name a host: redis://host:port';
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,2}$/.test(dbText)) return `the database after the slash must be a number 0–99 (got "${dbText}")`;
  if (url.search || url.hash) return 'must not have a query or fragment';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    username: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
    db: dbText === '' ? 0 : Number(dbText),
  };
}
