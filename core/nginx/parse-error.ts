// The one error type of the nginx parser: the API turns it into a 422 with the position.

/** A syntax error in pasted nginx configuration, with its 1-based position. */
export class NginxParseError extends Error {
  readonly line: number;
  readonly column: number;
  /** Key of the pasted `files` entry the error is in; undefined for the main text. */
  readonly file: string | undefined;

  constructor(message: string, line: number, column: number, file?: string) {
    super(message);
    this.name = 'NginxParseError';
    this.line = line;
    this.column = column;
    this.file = file;
  }

  /** The shape the API returns: `{ line, column, message, file? }`. */
  toJSON(): { line: number; column: number; message: string; file?: string } {
    return this.file === undefined
      ? { line: this.line, column: this.column, message: this.message }
      : { line: this.line, column: this.column, message: this.message, file: this.file };
  }
}

export function isNginxParseError(error: unknown): error is NginxParseError {
  return error instanceof NginxParseError;
}
