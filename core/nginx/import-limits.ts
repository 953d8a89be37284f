// Bounds on the work one nginx import may do. A pasted configuration is small, but
// includes multiply it (ten files that each include the next ten, six levels deep, is a
// million files from 2 KB) and globs are matched against every pasted name: each bound
// below is counted over the whole import, and crossing one stops the import with a
// parse error that names the bound and the directive where it was crossed.
// Real configurations stay far below all of them.
import { NginxParseError } from './parse-error.ts';

export const IMPORT_LIMITS = {
  /** Blocks inside blocks, counted across included files. */
  nesting: 64,
  /** Files included from included files (the main text is level 0). */
  includeDepth: 16,
  /** Included files parsed, a file counted each time it is included. */
  includedFiles: 5_000,
  /** Directives once every include is expanded (20,000 servers of ten directives). */
  directives: 200_000,
  /** Bytes parsed: the configuration plus each included file each time it is included. */
  expandedBytes: 16 * 1024 * 1024,
  /** One include pattern; nginx refuses a longer word ("too long parameter") anyway. */
  includePatternBytes: 4_096,
  /** Steps spent matching include and user-file paths against the pasted names, in all. */
  matchSteps: 20_000_000,
} as const;

export type ImportLimitName = keyof typeof IMPORT_LIMITS;

/** What a limit counts, for the message: "more than 5000 included files". */
const UNITS: Record<ImportLimitName, string> = {
  nesting: 'levels of nested blocks',
  includeDepth: 'levels of nested includes',
  includedFiles: 'included files',
  directives: 'directives',
  expandedBytes: 'bytes of configuration once includes are expanded',
  includePatternBytes: 'bytes in one include pattern',
  matchSteps: 'steps matching include patterns against the pasted file names',
};

/** A bound of IMPORT_LIMITS was crossed at a directive: a 422 that names the bound. */
export class ImportLimitError extends NginxParseError {
  readonly limit: ImportLimitName;
  readonly max: number;

  constructor(limit: ImportLimitName, where: { line: number; column: number; file?: string | undefined }, detail = '') {
    const max = IMPORT_LIMITS[limit];
    super(`import limit "${limit}": more than ${max} ${UNITS[limit]}${detail ? ` (${detail})` : ''}`, where.line, where.column, where.file);
    this.name = 'ImportLimitError';
    this.limit = limit;
    this.max = max;
  }

  override toJSON(): ReturnType<NginxParseError['toJSON']> & { limit: ImportLimitName; max: number } {
    return { ...super.toJSON(), limit: this.limit, max: this.max };
  }
}

type Counted = 'includedFiles' | 'directives' | 'expandedBytes';

/** The running totals of one import; `add` throws once a total passes its bound. */
export class ImportBudget {
  readonly used: Record<Counted, number> = { includedFiles: 0, directives: 0, expandedBytes: 0 };
  /** Shared by every path look-up of the import (include-files.ts). */
  readonly match = { steps: 0 };

  add(limit: Counted, amount: number, where: { line: number; column: number; file?: string | undefined }, detail?: string): void {
    this.used[limit] += amount;
    if (this.used[limit] > IMPORT_LIMITS[limit]) throw new ImportLimitError(limit, where, detail);
  }
}
