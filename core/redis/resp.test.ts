// The RESP2 parser fed replies cut at every possible byte: a reply split across TCP
// chunks must come out whole and in order, however the chunks fall.
import { describe, expect, it } from 'vitest';
import { encodeCommand, RedisReplyError, ReplyParser, type RedisReply } from './resp.ts';

const WIRE = Buffer.from('+OK\r\n-NOSCRIPT No matching script\r\n:42\r\n$4\r\nhé!\r\n$-1\r\n*3\r\n:1\r\n*2\r\n$1\r\na\r\n:-7\r\n$0\r\n\r\n*0\r\n');

function parse(chunks: Buffer[]): RedisReply[] {
  const parser = new ReplyParser();
  const replies: RedisReply[] = [];
  for (const chunk of chunks) parser.feed(chunk, (reply) => replies.push(reply));
  return replies;
}

describe('ReplyParser', () => {
  const whole = parse([WIRE]);

  it('reads every reply type', () => {
    expect(whole).toHaveLength(7);
    expect(whole[0]).toBe('OK');
    expect(whole[1]).toBeInstanceOf(RedisReplyError);
    expect((whole[1] as Error).message).toBe('NOSCRIPT No matching script');
    expect(whole.slice(2)).toEqual([42, 'hé!', null, [1, ['a', -7], ''], []]);
  });

  it('gives the same replies however the bytes are cut', () => {
    for (let cut = 1; cut < WIRE.length; cut++) expect(parse([WIRE.subarray(0, cut), WIRE.subarray(cut)])).toEqual(whole);
    expect(parse([...WIRE].map((byte) => Buffer.from([byte])))).toEqual(whole);
  });

  it('encodes commands as arrays of bulk strings (byte lengths, not characters)', () => {
    expect(encodeCommand(['SET', 'clé', 12]).toString()).toBe('*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$2\r\n12\r\n');
  });
});
