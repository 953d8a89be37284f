// The control API's shared secret: generated once into the data directory, mode 0600,
// read by the dashboard (same machine, same user). It never appears in an API response.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function controlTokenPath(dataDir: string): string {
  return path.join(dataDir, 'engine.token');
}

export function ensureControlToken(dataDir: string): string {
  const file = controlTokenPath(dataDir);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) {
      fs.chmodSync(file, 0o600);
      return existing;
    }
  } catch {
    // created below
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export function readControlToken(dataDir: string): string | null {
  try {
    return fs.readFileSync(controlTokenPath(dataDir), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export function tokenMatches(expected: string, header: string | undefined): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}
