// Instances that share a database share its sealing key: PORTICO_SECRET_KEY_FILE names one
// key file for all of them (never created, so a missing copy is an error, not a new key).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretBoxFor, secretKeyPath } from '../../core/tls/secret-box.ts';

const dirs: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  delete process.env.PORTICO_SECRET_KEY_FILE;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('PORTICO_SECRET_KEY_FILE', () => {
  it('lets an instance with another data directory open what the first one sealed', () => {
    const first = tmp();
    const sealed = secretBoxFor(first).seal('-----BEGIN PRIVATE KEY-----');
    // Without the shared key, the second instance cannot open it.
    const stranger = tmp();
    expect(() => secretBoxFor(stranger).open(sealed)).toThrow();
    // With the first installation's key file named, it can.
    process.env.PORTICO_SECRET_KEY_FILE = path.join(first, 'secret.key');
    const second = tmp();
    expect(secretKeyPath(second)).toBe(path.join(first, 'secret.key'));
    expect(secretBoxFor(second).open(sealed)).toBe('-----BEGIN PRIVATE KEY-----');
    expect(fs.existsSync(path.join(second, 'secret.key'))).toBe(false);
  });

  it('is never created: a missing file is an error naming the variable', () => {
    process.env.PORTICO_SECRET_KEY_FILE = path.join(tmp(), 'absent.key');
    expect(() => secretBoxFor(tmp()).seal('x')).toThrow(/PORTICO_SECRET_KEY_FILE/);
    expect(fs.existsSync(process.env.PORTICO_SECRET_KEY_FILE)).toBe(false);
  });
});
