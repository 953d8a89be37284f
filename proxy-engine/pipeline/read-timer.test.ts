import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReadTimer, usesOwnReadTimer } from './read-timer.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ReadTimer', () => {
  it('fires a headers timeout once the request is sent and nothing is read', async () => {
    const fired: string[] = [];
    const timer = new ReadTimer(40, (e) => fired.push((e as Error & { code: string }).code));
    timer.startAfter(null);
    await sleep(80);
    expect(fired).toEqual(['UND_ERR_HEADERS_TIMEOUT']);
  });

  it('counts only after a streamed body ended, and from the last read', async () => {
    const fired: string[] = [];
    const body = new PassThrough();
    const timer = new ReadTimer(40, (e) => fired.push((e as Error & { code: string }).code));
    timer.startAfter(body);
    await sleep(70);
    expect(fired).toEqual([]);
    body.resume();
    body.end();
    await sleep(10);
    timer.read(true);
    await sleep(25);
    timer.read(false);
    await sleep(25);
    expect(fired).toEqual([]);
    await sleep(40);
    expect(fired).toEqual(['UND_ERR_BODY_TIMEOUT']);
  });

  it('is silent once stopped, and while paused', async () => {
    const fired: unknown[] = [];
    const timer = new ReadTimer(30, (e) => fired.push(e));
    timer.startAfter(null);
    timer.pause();
    await sleep(60);
    timer.read(false);
    timer.stop();
    await sleep(60);
    expect(fired).toEqual([]);
  });

  it('is used for timeouts under 5 s only', () => {
    expect([0, 300, 4999, 5000, 60000].map(usesOwnReadTimer)).toEqual([false, true, true, false, false]);
  });
});
