import { describe, expect, it } from 'vitest';
import { ipHashBytes } from './ip-bytes.ts';

describe('ipHashBytes', () => {
  const cases = [
    { address: '192.0.2.77', expected: [192, 0, 2] },
    { address: '0.0.0.0', expected: [0, 0, 0] },
    { address: '255.255.255.255', expected: [255, 255, 255] },
    { address: '::ffff:198.51.100.7', expected: [198, 51, 100], desc: 'IPv4-mapped counts as IPv4' },
    { address: '::1', expected: [...Array<number>(15).fill(0), 1] },
    { address: '::', expected: Array<number>(16).fill(0) },
    { address: '2001:db8::', expected: [0x20, 0x01, 0x0d, 0xb8, ...Array<number>(12).fill(0)] },
    { address: '2001:DB8:0:0:8:800:200C:417A', expected: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a] },
    { address: 'fe80::1:2%eth0', expected: [0xfe, 0x80, ...Array<number>(10).fill(0), 0, 1, 0, 2] },
    { address: '64:ff9b::192.0.2.33', expected: [0, 0x64, 0xff, 0x9b, ...Array<number>(8).fill(0), 192, 0, 2, 33] },
    { address: '', expected: [] },
    { address: 'localhost', expected: [] },
    { address: '1.2.3', expected: [] },
    { address: '1.2.3.256', expected: [] },
    { address: '1.2.3.4.5', expected: [] },
    { address: '1:2:3:4:5:6:7:8:9', expected: [] },
    { address: '1::2::3', expected: [] },
    { address: '12345::', expected: [] },
    { address: '1:', expected: [] },
  ];
  it.each(cases)('$address', ({ address, expected }) => {
    const out = new Uint8Array(16);
    const length = ipHashBytes(address, out);
    expect([...out.subarray(0, length)]).toEqual(expected);
  });
});
