// nginx's configuration tokenizer, rule for rule (ngx_conf_read_token in nginx 1.22):
// words split on blanks, ";" ends a directive, "{" opens a block, "}" closes one, "#"
// starts a comment only where a word could start, a backslash protects the next
// character, quotes group a word and must be followed by a blank, ";", "{" or ")".
// An unquoted "{" ends a word unless it follows "$" (so "${var}" is one word but
// `~ ^/a{2}$` is not: nginx needs such a regex quoted, and so do we).
import type { ArgInfo } from './ast.ts';
import { NginxParseError } from './parse-error.ts';

export interface Word extends ArgInfo {
  value: string;
}

/** What ended a statement: its last word was followed by ";" or "{", or "}" / end of input came first. */
export type StatementEnd = ';' | '{' | '}' | 'eof';

export interface Statement {
  words: Word[];
  end: StatementEnd;
  /** Position of the terminator (or of the end of input). */
  line: number;
  column: number;
}

const isBlank = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

/** Decodes a word the way nginx does: \" \' \\ lose the backslash, \t \r \n become control characters. */
export function unescapeWord(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\') {
      const next = raw[i + 1];
      if (next === '"' || next === "'" || next === '\\') {
        out += next;
        i++;
        continue;
      }
      if (next === 't' || next === 'r' || next === 'n') {
        out += next === 't' ? '\t' : next === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

export class Tokenizer {
  readonly #text: string;
  readonly #file: string | undefined;
  #pos = 0;
  #line = 1;
  #lineStart = 0;

  constructor(text: string, file?: string) {
    this.#text = text;
    this.#file = file;
  }

  #error(message: string, line: number, column: number): NginxParseError {
    return new NginxParseError(message, line, column, this.#file);
  }

  /** Position of the character just read. */
  #here(): { line: number; column: number } {
    return { line: this.#line, column: this.#pos - this.#lineStart };
  }

  /** Reads one statement: the words of a directive up to its terminator. */
  next(): Statement {
    const text = this.#text;
    const words: Word[] = [];
    let needSpace = false;
    let lastSpace = true;
    let comment = false;
    let variable = false;
    let escaped = false;
    let sQuoted = false;
    let dQuoted = false;
    let quotedWord = false;
    let start = 0;
    let startLine = 1;
    let startColumn = 1;

    for (;;) {
      if (this.#pos >= text.length) {
        const eof = { line: this.#line, column: this.#pos - this.#lineStart + 1 };
        if (dQuoted || sQuoted) {
          throw this.#error(`unterminated ${dQuoted ? 'double' : 'single'}-quoted string (unexpected end of file)`, startLine, startColumn);
        }
        if (words.length > 0 || !lastSpace) {
          throw this.#error('unexpected end of file, expecting ";" or "}"', eof.line, eof.column);
        }
        return { words, end: 'eof', ...eof };
      }

      const ch = text[this.#pos++]!;
      if (ch === '\n') {
        this.#line++;
        this.#lineStart = this.#pos;
        comment = false;
      }
      if (comment) continue;
      if (escaped) {
        escaped = false;
        continue;
      }

      if (needSpace) {
        if (isBlank(ch)) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (ch === ';' || ch === '{') return { words, end: ch, ...this.#here() };
        if (ch !== ')') {
          const at = this.#here();
          throw this.#error(`unexpected "${ch}" after a quoted string (expecting a blank, ";" or "{")`, at.line, at.column);
        }
        // nginx lets ")" follow a quote directly, for `if ($a = "b")`; it starts a new word.
        lastSpace = true;
        needSpace = false;
      }

      if (lastSpace) {
        if (isBlank(ch)) continue;
        start = this.#pos - 1;
        ({ line: startLine, column: startColumn } = this.#here());
        quotedWord = false;
        switch (ch) {
          case ';':
          case '{':
            if (words.length === 0) throw this.#error(`unexpected "${ch}"`, startLine, startColumn);
            return { words, end: ch, line: startLine, column: startColumn };
          case '}':
            if (words.length > 0) throw this.#error('unexpected "}" (missing ";" before it?)', startLine, startColumn);
            return { words, end: '}', line: startLine, column: startColumn };
          case '#':
            comment = true;
            continue;
          case '\\':
            escaped = true;
            lastSpace = false;
            continue;
          case '"':
          case "'":
            start++;
            if (ch === '"') dQuoted = true;
            else sQuoted = true;
            quotedWord = true;
            lastSpace = false;
            continue;
          case '$':
            variable = true;
            lastSpace = false;
            continue;
          default:
            lastSpace = false;
            continue;
        }
      }

      if (ch === '{' && variable) continue;
      variable = false;
      if (ch === '\\') {
        escaped = true;
        continue;
      }
      if (ch === '$') {
        variable = true;
        continue;
      }

      let found = false;
      if (dQuoted) {
        if (ch === '"') {
          dQuoted = false;
          needSpace = true;
          found = true;
        }
      } else if (sQuoted) {
        if (ch === "'") {
          sQuoted = false;
          needSpace = true;
          found = true;
        }
      } else if (isBlank(ch) || ch === ';' || ch === '{') {
        lastSpace = true;
        found = true;
      }

      if (found) {
        words.push({ value: unescapeWord(text.slice(start, this.#pos - 1)), quoted: quotedWord, line: startLine, column: startColumn });
        if (ch === ';' || ch === '{') return { words, end: ch, ...this.#here() };
      }
    }
  }
}
