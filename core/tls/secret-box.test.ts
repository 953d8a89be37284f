import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createSecretBox, MISMATCH, secretBoxFor, secretKeyPath } from './secret-box.ts';

describe('secret box', () => {
  it('seals keys so the stored form reveals nothing, and opens them again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-box-'));
    try {
      const box = secretBoxFor(dir);
      const secret = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n';
      const sealed = box.seal(secret);
      expect(sealed).toMatch(/^enc:v1:/);
      expect(sealed).not.toContain('PRIVATE KEY');
      expect(box.open(sealed)).toBe(secret);
      // Values stored before encryption pass through unchanged.
      expect(box.open(secret)).toBe(secret);
      expect(fs.statSync(secretKeyPath(dir)).mode & 0o777).toBe(0o600);
      // Another process (the engine) reading the same key file opens it too.
      const key = Buffer.from(fs.readFileSync(secretKeyPath(dir), 'utf8').trim(), 'base64');
      expect(createSecretBox(key).open(sealed)).toBe(secret);
      const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect(() => box.open(tampered)).toThrow(MISMATCH);
      // An instance with a secret.key of its own cannot open what this one sealed, and says why.
      expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(/every instance on one database needs the same secret\.key/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
