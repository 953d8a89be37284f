import { describe, expect, it } from 'vitest';
import { upstreamFramingProblem } from './upstream-framing.ts';

const h = (...lines: [string, string][]) => lines.flat();

describe('upstream response framing (nginx ≥ 1.23 rules)', () => {
  it.each([
    ['Content-Length alone', h(['Content-Length', '2'])],
    ['Content-Length with surrounding whitespace', h(['Content-Length', ' 2 '])],
    ['a zero Content-Length', h(['content-length', '0'])],
    ['Transfer-Encoding: chunked', h(['Transfer-Encoding', 'chunked'])],
    ['chunked in another case', h(['transfer-encoding', 'Chunked'])],
    ['neither (read to close)', h(['Content-Type', 'text/plain'])],
  ])('accepts %s', (_desc, raw) => {
    expect(upstreamFramingProblem(raw)).toBeNull();
  });

  it.each([
    ['chunked, chunked', h(['Transfer-Encoding', 'chunked, chunked']), /unknown "Transfer-Encoding": "chunked, chunked"/],
    ['chunked twice on two lines', h(['Transfer-Encoding', 'chunked'], ['Transfer-Encoding', 'chunked']), /duplicate header line/],
    ['identity, chunked', h(['Transfer-Encoding', 'identity, chunked']), /unknown "Transfer-Encoding"/],
    ['chunked not last', h(['Transfer-Encoding', 'chunked, identity']), /unknown "Transfer-Encoding"/],
    ['gzip, chunked', h(['Transfer-Encoding', 'gzip, chunked']), /unknown "Transfer-Encoding"/],
    ['gzip alone', h(['Transfer-Encoding', 'gzip']), /unknown "Transfer-Encoding"/],
    ['identity', h(['Transfer-Encoding', 'identity']), /unknown "Transfer-Encoding"/],
    ['an empty Transfer-Encoding', h(['Transfer-Encoding', '']), /unknown "Transfer-Encoding"/],
    ['xchunked', h(['Transfer-Encoding', 'xchunked']), /unknown "Transfer-Encoding"/],
    ['chunked with a parameter', h(['Transfer-Encoding', 'chunked;q=1']), /unknown "Transfer-Encoding"/],
    ['Transfer-Encoding then Content-Length', h(['Transfer-Encoding', 'chunked'], ['Content-Length', '2']), /at the same time/],
    ['Content-Length then Transfer-Encoding', h(['Content-Length', '2'], ['Transfer-Encoding', 'chunked']), /at the same time/],
    ['two equal Content-Length lines', h(['Content-Length', '2'], ['Content-Length', '2']), /duplicate header line/],
    ['two different Content-Length lines', h(['Content-Length', '2'], ['content-length', '3']), /duplicate header line/],
    ['a Content-Length list', h(['Content-Length', '2, 2']), /invalid "Content-Length"/],
    ['a negative Content-Length', h(['Content-Length', '-1']), /invalid "Content-Length"/],
    ['a signed Content-Length', h(['Content-Length', '+2']), /invalid "Content-Length"/],
    ['a hexadecimal Content-Length', h(['Content-Length', '0x2']), /invalid "Content-Length"/],
    ['a fractional Content-Length', h(['Content-Length', '2.0']), /invalid "Content-Length"/],
    ['an empty Content-Length', h(['Content-Length', '']), /invalid "Content-Length"/],
    ['a Content-Length beyond 2^53', h(['Content-Length', '99999999999999999999']), /invalid "Content-Length"/],
  ])('refuses %s', (_desc, raw, message) => {
    expect(upstreamFramingProblem(raw)).toMatch(message);
  });

  it('reads header names and values given as Buffers (undici)', () => {
    expect(upstreamFramingProblem([Buffer.from('Transfer-Encoding'), Buffer.from('chunked, chunked')])).toMatch(/unknown/);
  });
});
