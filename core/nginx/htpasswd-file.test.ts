// How nginx reads an auth_basic_user_file: which line is a user's, and where the hash ends.
import { describe, expect, it } from 'vitest';
import { readHtpasswd } from './htpasswd-file.ts';

const users = (text: string) => Object.fromEntries(readHtpasswd(text).map((u) => [u.username, u.hash]));

describe('readHtpasswd', () => {
  it('user:hash lines; comments, empty lines and CR line ends', () => {
    expect(users('# admins\n\nalice:{PLAIN}a\r\nbob:{PLAIN}b\n')).toEqual({ alice: '{PLAIN}a', bob: '{PLAIN}b' });
  });

  it('the hash ends at ":" (user:hash:comment) or CR; the last line needs no line break', () => {
    expect(users('alice:{PLAIN}a:Alice Liddell\nbob:{PLAIN}b\rjunk\ncarol:{PLAIN}c')).toEqual({ alice: '{PLAIN}a', bob: '{PLAIN}b', carol: '{PLAIN}c' });
  });

  it('the first entry of a user wins; an empty hash is kept (nothing matches it)', () => {
    expect(users('alice:{PLAIN}first\nalice:{PLAIN}second\nbob:\n')).toEqual({ alice: '{PLAIN}first', bob: '' });
  });

  it('nothing is trimmed: " alice" is another user; a "#" or CR starts a comment only at the line start', () => {
    expect(users(' alice:{PLAIN}a\n\r\nbob#:{PLAIN}b\n#carol:{PLAIN}c\n')).toEqual({ ' alice': '{PLAIN}a', 'bob#': '{PLAIN}b' });
  });

  it('a colon-free line that starts a user name hides the next line from that user (nginx reads its line break as a mismatch)', () => {
    expect(users('al\nalice:{PLAIN}hidden\nalice:{PLAIN}seen\n')).toEqual({ alice: '{PLAIN}seen' });
    expect(users('alice\nalice:{PLAIN}hidden\n')).toEqual({});
    // Only for names it starts: bob is not hidden.
    expect(users('al\nbob:{PLAIN}b\n')).toEqual({ bob: '{PLAIN}b' });
    // A hidden hiding line hides nothing.
    expect(users('a\nal\nalice:{PLAIN}a\n')).toEqual({ alice: '{PLAIN}a' });
    // A line with CR is not a prefix of any name Portico stores.
    expect(users('al\r\nalice:{PLAIN}a\n')).toEqual({ alice: '{PLAIN}a' });
  });

  it('reports the line of the entry used', () => {
    expect(readHtpasswd('# x\nalice:{PLAIN}a\n')).toEqual([{ username: 'alice', hash: '{PLAIN}a', line: 2 }]);
  });
});
