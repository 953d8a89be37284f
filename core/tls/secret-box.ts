// Private keys (certificate keys, ACME account keys) are stored encrypted in the
// database with AES-256-GCM under a key kept in the data directory (mode 0600): a copy
// of the database or a backup alone does not reveal them. The dashboard seals, the
// engine opens; neither ever returns a key through an API.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PREFIX = 'enc:v1:';

export const MISMATCH =
  'a stored key cannot be opened with this data directory\'s secret.key (sealed under another key, or altered): every instance on one database needs the same secret.key (copy the first instance\'s)';

export interface SecretBox {
  seal(plaintext: string): string;
  /** Opens a sealed value; a value stored before encryption existed passes through. */
  open(stored: string): string;
}

/**
 * PORTICO_SECRET_KEY_FILE names the key instead: instances that share a PostgreSQL
 * database must open each other's sealed values, so they share one key file (copied from
 * the first installation's data directory). Such a file is never created here: a missing
 * one would otherwise become a new key, and every instance's secrets would differ.
 */
export function secretKeyPath(dataDir: string): string {
  return process.env.PORTICO_SECRET_KEY_FILE || path.join(dataDir, 'secret.key');
}

function loadOrCreateKey(dataDir: string): Buffer {
  const file = secretKeyPath(dataDir);
  try {
    const key = Buffer.from(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
    throw new Error(`${file} does not hold a 32-byte key`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (process.env.PORTICO_SECRET_KEY_FILE) throw new Error(`PORTICO_SECRET_KEY_FILE: ${file} does not exist (copy secret.key from the data directory of the installation whose database this is)`);
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    // "wx": when the dashboard and the engine race at first start, one key wins.
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(dataDir);
    throw error;
  }
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [iv, tag, body] = stored.slice(PREFIX.length).split(':');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64'));
      decipher.setAuthTag(Buffer.from(tag!, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body!, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        // Several instances on one database each open what any of them sealed: the usual
        // cause is an instance whose data directory got a secret.key of its own.
        throw new Error(MISMATCH);
      }
    },
  };
}

const boxes = new Map<string, SecretBox>();

/** The data directory's secret box (its key is created on first use). */
export function secretBoxFor(dataDir: string): SecretBox {
  const dir = path.resolve(dataDir);
  let box = boxes.get(dir);
  if (!box) {
    box = createSecretBox(loadOrCreateKey(dir));
    boxes.set(dir, box);
  }
  return box;
}
