import { describe, expect, it } from 'vitest';
import { SnapshotRing, type RingEntry } from './ring.ts';

const entry = (seq: number): RingEntry => ({ seq, t: seq * 1000, json: `{"seq":${seq}}` });
const fill = (ring: SnapshotRing, from: number, to: number): void => {
  for (let s = from; s <= to; s++) ring.push(entry(s));
};

describe('SnapshotRing', () => {
  const cases: { desc: string; config: { capacity: number; from: number; to: number }; expected: { size: number; oldest: number; newest: number } }[] = [
    { desc: 'empty', config: { capacity: 5, from: 1, to: 0 }, expected: { size: 0, oldest: -1, newest: -1 } },
    { desc: 'partly filled', config: { capacity: 5, from: 100, to: 102 }, expected: { size: 3, oldest: 100, newest: 102 } },
    { desc: 'wrapped around', config: { capacity: 5, from: 100, to: 112 }, expected: { size: 5, oldest: 108, newest: 112 } },
    { desc: '15 minutes of seconds, wrapped twice', config: { capacity: 900, from: 1_767_225_600, to: 1_767_225_600 + 2000 }, expected: { size: 900, oldest: 1_767_225_600 + 1101, newest: 1_767_225_600 + 2000 } },
  ];
  it.each(cases)('$desc', ({ config, expected }) => {
    const ring = new SnapshotRing(config.capacity);
    fill(ring, config.from, config.to);
    expect({ size: ring.size, oldest: ring.oldestSeq, newest: ring.newestSeq }).toEqual(expected);
  });

  it('finds kept entries only, after a wrap', () => {
    const ring = new SnapshotRing(5);
    fill(ring, 100, 112);
    expect(ring.get(107)).toBeUndefined();
    expect(ring.get(113)).toBeUndefined();
    expect(ring.get(108)?.seq).toBe(108);
    expect(ring.get(110)?.json).toBe('{"seq":110}');
    expect(ring.newest()?.seq).toBe(112);
  });

  it('lists entries after a sequence number, from the oldest kept when it is too old', () => {
    const ring = new SnapshotRing(5);
    fill(ring, 100, 112);
    expect([...ring.since(110)].map((e) => e.seq)).toEqual([111, 112]);
    expect([...ring.since(20)].map((e) => e.seq)).toEqual([108, 109, 110, 111, 112]);
    expect([...ring.since(112)]).toEqual([]);
    expect([...new SnapshotRing(3).since(0)]).toEqual([]);
  });

  it('refuses a gap in the sequence', () => {
    const ring = new SnapshotRing(5);
    ring.push(entry(1));
    expect(() => ring.push(entry(3))).toThrow(RangeError);
  });
});

describe('SnapshotRing memory budget', () => {
  const sized = (seq: number, chars: number): RingEntry => ({ seq, t: seq * 1000, json: 'x'.repeat(chars) });

  it('drops the oldest seconds when the JSON kept passes the budget, never the newest', () => {
    const ring = new SnapshotRing(900, 1000);
    for (let s = 1; s <= 10; s++) ring.push(sized(s, 300));
    expect({ size: ring.size, oldest: ring.oldestSeq, newest: ring.newestSeq, chars: ring.chars }).toEqual({ size: 3, oldest: 8, newest: 10, chars: 900 });
    expect(ring.get(7)).toBeUndefined();
    expect([...ring.since(0)].map((e) => e.seq)).toEqual([8, 9, 10]);
    ring.push(sized(11, 5000));
    expect({ size: ring.size, oldest: ring.oldestSeq, chars: ring.chars }).toEqual({ size: 1, oldest: 11, chars: 5000 });
    ring.push(sized(12, 10));
    expect({ size: ring.size, oldest: ring.oldestSeq, chars: ring.chars }).toEqual({ size: 1, oldest: 12, chars: 10 });
  });

  it('counts what wraps around out of the ring', () => {
    const ring = new SnapshotRing(4, 1_000_000);
    for (let s = 1; s <= 10; s++) ring.push(sized(s, s));
    expect({ size: ring.size, oldest: ring.oldestSeq, chars: ring.chars }).toEqual({ size: 4, oldest: 7, chars: 7 + 8 + 9 + 10 });
  });
});
