import { describe, expect, it } from 'vitest';
import { NginxParseError } from './parse-error.ts';
import { type StatementEnd, Tokenizer, unescapeWord } from './tokenizer.ts';

/** All statements of a text as [words..., terminator]. */
function statements(text: string): string[][] {
  const tokenizer = new Tokenizer(text);
  const out: string[][] = [];
  for (;;) {
    const s = tokenizer.next();
    out.push([...s.words.map((w) => w.value), s.end]);
    if (s.end === 'eof') return out;
  }
}

describe('tokenizer', () => {
  const cases: { desc: string; input: string; expected: string[][] }[] = [
    { desc: 'simple directive', input: 'listen 80;', expected: [['listen', '80', ';'], ['eof']] },
    { desc: 'block start and end', input: 'server { }', expected: [['server', '{'], ['}'], ['eof']] },
    { desc: 'no blank before ; and {', input: 'a b;c{}', expected: [['a', 'b', ';'], ['c', '{'], ['}'], ['eof']] },
    { desc: 'double quotes group blanks and ;', input: 'add_header X "a; b {c}";', expected: [['add_header', 'X', 'a; b {c}', ';'], ['eof']] },
    { desc: 'single quotes', input: "proxy_set_header Connection 'upgrade';", expected: [['proxy_set_header', 'Connection', 'upgrade', ';'], ['eof']] },
    { desc: 'empty quoted word', input: "map_key '' close;", expected: [['map_key', '', 'close', ';'], ['eof']] },
    { desc: 'escapes in quotes', input: 'return 200 "OK\\n\\t\\"q\\" \\\\ \\d";', expected: [['return', '200', 'OK\n\t"q" \\ \\d', ';'], ['eof']] },
    { desc: 'escaped blank in a bare word', input: 'a b\\ c;', expected: [['a', 'b\\ c', ';'], ['eof']] },
    { desc: 'comment at a word start', input: 'a b; # c d;\ne;', expected: [['a', 'b', ';'], ['e', ';'], ['eof']] },
    { desc: '# inside a word is not a comment', input: 'return 200 a#b;', expected: [['return', '200', 'a#b', ';'], ['eof']] },
    { desc: 'comment between words', input: 'a # note\n b;', expected: [['a', 'b', ';'], ['eof']] },
    { desc: '"}" inside a word', input: 'return 200 a}b;', expected: [['return', '200', 'a}b', ';'], ['eof']] },
    { desc: '${var} is one word', input: 'set $x ${host}a;', expected: [['set', '$x', '${host}a', ';'], ['eof']] },
    { desc: 'unquoted regex brace opens a block (as in nginx)', input: 'location ~ ^/a{2}$ {', expected: [['location', '~', '^/a', '{'], ['2}$', '{'], ['eof']] },
    { desc: 'quoted regex with braces', input: 'location ~ "^/a{2}$" {}', expected: [['location', '~', '^/a{2}$', '{'], ['}'], ['eof']] },
    { desc: '")" right after a quote', input: 'if ($a = "b") {}', expected: [['if', '($a', '=', 'b', ')', '{'], ['}'], ['eof']] },
    { desc: 'quote followed by ; and {', input: 'a "b";c "d"{}', expected: [['a', 'b', ';'], ['c', 'd', '{'], ['}'], ['eof']] },
    { desc: 'quote in the middle of a word is literal', input: 'a b"c;', expected: [['a', 'b"c', ';'], ['eof']] },
    { desc: 'CRLF line ends', input: 'a b;\r\nc;\r\n', expected: [['a', 'b', ';'], ['c', ';'], ['eof']] },
    { desc: 'multi-line quoted value', input: 'a "x\ny";', expected: [['a', 'x\ny', ';'], ['eof']] },
  ];
  it.each(cases)('$desc', ({ input, expected }) => {
    expect(statements(input)).toEqual(expected);
  });

  const errors: { desc: string; input: string; expected: { line: number; column: number; message: string } }[] = [
    { desc: 'text after a closing quote', input: 'a "b"c;', expected: { line: 1, column: 6, message: 'unexpected "c"' } },
    { desc: 'unterminated double quote', input: 'a b;\nc "d;\n', expected: { line: 2, column: 3, message: 'unterminated double-quoted' } },
    { desc: 'unterminated single quote', input: "x 'y", expected: { line: 1, column: 3, message: 'unterminated single-quoted' } },
    { desc: 'missing ; at end of file', input: 'a b', expected: { line: 1, column: 4, message: 'unexpected end of file, expecting ";" or "}"' } },
    { desc: 'escape at end of file', input: 'a \\', expected: { line: 1, column: 4, message: 'unexpected end of file' } },
    { desc: 'stray ;', input: 'a;\n  ;', expected: { line: 2, column: 3, message: 'unexpected ";"' } },
    { desc: 'stray {', input: '{', expected: { line: 1, column: 1, message: 'unexpected "{"' } },
    { desc: '} after words (missing ;)', input: 'a b }', expected: { line: 1, column: 5, message: 'unexpected "}"' } },
  ];
  it.each(errors)('error: $desc', ({ input, expected }) => {
    const tokenizer = new Tokenizer(input);
    let error: unknown;
    try {
      for (let i = 0; i < 10 && tokenizer.next().end !== 'eof'; i++);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NginxParseError);
    const e = error as NginxParseError;
    expect({ line: e.line, column: e.column }).toEqual({ line: expected.line, column: expected.column });
    expect(e.message).toContain(expected.message);
  });

  it('gives each word its line and column (quotes included)', () => {
    const s = new Tokenizer('\n  add_header  X\n  "v" always;').next();
    expect(s.words.map((w) => [w.value, w.line, w.column, w.quoted])).toEqual([
      ['add_header', 2, 3, false],
      ['X', 2, 15, false],
      ['v', 3, 3, true],
      ['always', 3, 7, false],
    ]);
    expect(s.end satisfies StatementEnd).toBe(';');
  });

  it('decodes only the escapes nginx decodes', () => {
    expect(unescapeWord('\\"\\\'\\\\\\t\\r\\n\\x\\$')).toBe('"\'\\\t\r\n\\x\\$');
  });
});
