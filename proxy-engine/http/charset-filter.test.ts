import { describe, expect, it } from 'vitest';
import { upstreamContentType } from './charset-filter.ts';

describe('upstreamContentType (ngx_http_upstream_copy_content_type)', () => {
  it.each([
    ['text/html', { typeLength: 9, charset: '' }],
    ['text/html; charset=utf-8', { typeLength: 9, charset: 'utf-8' }],
    ['text/html;charset=UTF-8', { typeLength: 9, charset: 'UTF-8' }],
    ['text/html;   charset="koi8-r"', { typeLength: 9, charset: 'koi8-r' }],
    ['text/html; Charset=x', { typeLength: 9, charset: 'x' }],
    // The charset runs to the end of the value, parameters after it included (nginx).
    ['text/html; charset=utf-8; q=1', { typeLength: 9, charset: 'utf-8; q=1' }],
    ['text/html; a=b; charset=x', { typeLength: 14, charset: 'x' }],
    ['text/html; a=b', { typeLength: 14, charset: '' }],
    ['text/html; charset=', { typeLength: 9, charset: '' }],
    ['text/html;', { typeLength: 10, charset: '' }],
  ])('%s', (value, expected) => {
    expect(upstreamContentType(value)).toEqual({ type: value, ...expected });
  });
});
