// The log file writer: asynchronous appends in order, size-based rotation, and reopening
// by name after logrotate moved the file (SIGUSR1).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogFile } from './log-file.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-log-file-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const read = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('LogFile', () => {
  it('writes every appended line in order once flushed, with mode 0600', async () => {
    const file = new LogFile(path.join(dir, 'access.log'), { maxBytes: 1 << 20, keep: 2 });
    for (let i = 0; i < 1000; i++) file.append(`{"n":${i}}`);
    await file.flush();
    expect(read(file.path)).toEqual(Array.from({ length: 1000 }, (_, i) => `{"n":${i}}`));
    expect(fs.statSync(file.path).mode & 0o777).toBe(0o600);
    await file.close();
  });

  it('rotates by size into file.1 … file.N and drops the oldest', async () => {
    const file = new LogFile(path.join(dir, 'error.log'), { maxBytes: 100, keep: 2 });
    for (let round = 0; round < 4; round++) {
      file.append(`round ${round} ${'x'.repeat(60)}`);
      await file.flush();
    }
    expect(file.files().map((f) => path.basename(f))).toEqual(['error.log', 'error.log.1', 'error.log.2']);
    expect(read(file.path)[0]).toMatch(/^round 3 /);
    expect(read(`${file.path}.1`)[0]).toMatch(/^round 2 /);
    expect(read(`${file.path}.2`)[0]).toMatch(/^round 1 /);
    await file.close();
  });

  it('writes multi-byte text as UTF-8 and rotates by its bytes, not its characters', async () => {
    // 30 characters, 90 bytes: two lines fit 200 bytes by characters, not by bytes.
    const line = '€'.repeat(30);
    const file = new LogFile(path.join(dir, 'access.log'), { maxBytes: 200, keep: 1 });
    file.append(`a ${line}`);
    await file.flush();
    file.append(`b ${line}`);
    await file.flush();
    file.append(`c ${line}`);
    await file.flush();
    expect(read(file.path)).toEqual([`c ${line}`]);
    expect(read(`${file.path}.1`)).toEqual([`a ${line}`, `b ${line}`]);
    expect(fs.statSync(`${file.path}.1`).size).toBe(2 * (2 + 90 + 1));
    await file.close();
  });

  it('keeps writing into the moved file until reopened, then into a new file by name', async () => {
    const file = new LogFile(path.join(dir, 'access.log'), { maxBytes: 1 << 20, keep: 2 });
    file.append('before');
    await file.flush();
    // What logrotate does: rename, then signal.
    fs.renameSync(file.path, `${file.path}.rotated`);
    file.append('in flight');
    await file.flush();
    expect(fs.existsSync(file.path)).toBe(false);
    await file.reopen();
    file.append('after');
    await file.flush();
    expect(read(`${file.path}.rotated`)).toEqual(['before', 'in flight']);
    expect(read(file.path)).toEqual(['after']);
    await file.close();
  });

  it('counts lines it could not write and says so once it can write again', async () => {
    const warnings: string[] = [];
    const sub = path.join(dir, 'gone');
    fs.mkdirSync(sub);
    const file = new LogFile(path.join(sub, 'access.log'), { maxBytes: 1 << 20, keep: 2, warn: (m) => warnings.push(m) });
    fs.rmSync(sub, { recursive: true });
    file.append('lost 1');
    file.append('lost 2');
    await file.flush();
    fs.mkdirSync(sub);
    file.append('kept');
    await file.flush();
    expect(read(file.path)).toEqual(['kept']);
    expect(warnings).toEqual([`2 log line(s) were dropped while ${file.path} could not be written`]);
    await file.close();
  });
});
