// Builds the syntax tree from nginx configuration text: blocks, directives with their
// positions, and `include`s inlined from the pasted files. Throws NginxParseError for
// everything nginx itself would refuse to parse (and for nothing else), and
// ImportLimitError (a NginxParseError) when the text or its includes cross a bound of
// import-limits.ts. Recursion goes one level per block or include, so those bounds
// (64 + 16) also keep it far from the end of the stack.
import type { NginxDirective, ParsedConfig, ParseWarning } from './ast.ts';
import { DATA_BLOCKS, directiveSpec, FOREIGN_BLOCKS, isDirectiveName } from './directive-specs.ts';
import { ImportBudget, IMPORT_LIMITS, ImportLimitError } from './import-limits.ts';
import { isGlobPattern, MatchBudgetExceeded, PastedFiles } from './include-files.ts';
import { NginxParseError } from './parse-error.ts';
import { type Statement, Tokenizer } from './tokenizer.ts';

interface BlockContext {
  /** Name of the enclosing block directive ("main" at the top). */
  parent: string;
  /** Inside stream/mail: other nginx modules, not checked. */
  foreign: boolean;
  depth: number;
  /** Files being included, outermost first, to catch include cycles. */
  includeStack: string[];
}

class Parser {
  readonly warnings: ParseWarning[] = [];
  readonly #files: PastedFiles;
  readonly #budget: ImportBudget;

  constructor(files: Readonly<Record<string, string>>, budget: ImportBudget) {
    this.#files = new PastedFiles(files);
    this.#budget = budget;
  }

  parseText(text: string, file: string | undefined, context: BlockContext): NginxDirective[] {
    return this.#parseBlock(new Tokenizer(text, file), file, context, false);
  }

  #parseBlock(tokenizer: Tokenizer, file: string | undefined, context: BlockContext, inBlock: boolean): NginxDirective[] {
    const directives: NginxDirective[] = [];
    for (;;) {
      const statement = tokenizer.next();
      if (statement.end === '}') {
        if (!inBlock) throw new NginxParseError('unexpected "}"', statement.line, statement.column, file);
        return directives;
      }
      if (statement.end === 'eof') {
        if (inBlock) throw new NginxParseError('unexpected end of file, expecting "}"', statement.line, statement.column, file);
        return directives;
      }
      const directive = toDirective(statement, file);
      this.#budget.add('directives', 1, directive);

      if (DATA_BLOCKS.has(context.parent)) {
        if (statement.end === '{') throw new NginxParseError('unexpected "{"', statement.line, statement.column, file);
        // `include file;` inside a map reads the file's lines as more entries (nginx does).
        if (context.parent === 'map' && directive.name === 'include' && directive.args.length === 1 && !context.foreign) {
          for (const included of this.#include(directive, context)) directives.push(included);
          continue;
        }
        directives.push(directive);
        continue;
      }
      if (!context.foreign) checkDirective(directive, statement, context.parent, file);

      if (directive.name === 'include' && statement.end === ';' && !context.foreign) {
        // One by one: spreading a huge list into push() overflows the stack.
        for (const included of this.#include(directive, context)) directives.push(included);
        continue;
      }
      if (statement.end === '{') {
        if (context.depth >= IMPORT_LIMITS.nesting) throw new ImportLimitError('nesting', { line: statement.line, column: statement.column, file });
        directive.block = this.#parseBlock(
          tokenizer,
          file,
          {
            parent: directive.name,
            foreign: context.foreign || FOREIGN_BLOCKS.has(directive.name),
            depth: context.depth + 1,
            includeStack: context.includeStack,
          },
          true,
        );
      }
      directives.push(directive);
    }
  }

  #include(directive: NginxDirective, context: BlockContext): NginxDirective[] {
    const pattern = directive.args[0] ?? '';
    const keys = this.#matchIncludes(pattern, directive);
    if (keys.length === 0) {
      this.warnings.push(missingIncludeWarning(directive, pattern));
      return [];
    }
    const included: NginxDirective[] = [];
    for (const key of keys) {
      if (context.includeStack.includes(key)) {
        throw new NginxParseError(`include cycle: "${key}" includes itself`, directive.line, directive.column, directive.file);
      }
      const via = `"${key}" included ${includedFrom(context.includeStack)}`;
      if (context.includeStack.length >= IMPORT_LIMITS.includeDepth) throw new ImportLimitError('includeDepth', directive, via);
      const text = this.#files.content(key);
      this.#budget.add('includedFiles', 1, directive, via);
      this.#budget.add('expandedBytes', Buffer.byteLength(text), directive, via);
      for (const d of this.parseText(text, key, { ...context, includeStack: [...context.includeStack, key] })) included.push(d);
    }
    return included;
  }

  #matchIncludes(pattern: string, directive: NginxDirective): string[] {
    if (Buffer.byteLength(pattern) > IMPORT_LIMITS.includePatternBytes) throw new ImportLimitError('includePatternBytes', directive);
    try {
      return this.#files.include(pattern, this.#budget.match, IMPORT_LIMITS.matchSteps);
    } catch (error) {
      if (error instanceof MatchBudgetExceeded) throw new ImportLimitError('matchSteps', directive, `at "include ${pattern.slice(0, 80)}"`);
      throw error;
    }
  }
}

/** "from the main text", or the chain of files: "from c.conf ← b.conf ← a.conf" (innermost first). */
function includedFrom(stack: readonly string[]): string {
  if (stack.length === 0) return 'from the main text';
  const chain = [...stack].reverse();
  const quoted = chain.map((k) => `"${k}"`);
  return `from ${(quoted.length > 4 ? [...quoted.slice(0, 3), '…', quoted.at(-1)!] : quoted).join(' ← ')}`;
}

function toDirective(statement: Statement, file: string | undefined): NginxDirective {
  const [first, ...rest] = statement.words;
  const directive: NginxDirective = {
    name: first!.value,
    args: rest.map((w) => w.value),
    argInfo: rest.map(({ quoted, line, column }) => ({ quoted, line, column })),
    line: first!.line,
    column: first!.column,
  };
  if (file !== undefined) directive.file = file;
  return directive;
}

/** The checks nginx makes before a directive's handler runs: block-ness and argument count. */
function checkDirective(directive: NginxDirective, statement: Statement, parent: string, file: string | undefined): void {
  const { name } = directive;
  const spec = directiveSpec(name, parent);
  if (!spec) {
    if (!isDirectiveName(name)) {
      const hint = /[{}$]/.test(name) ? ' (a regex that contains "{" or "}" must be quoted)' : '';
      throw new NginxParseError(`unknown directive "${name}"${hint}`, directive.line, directive.column, file);
    }
    return;
  }
  if (spec.block && statement.end !== '{') {
    throw new NginxParseError(`directive "${name}" has no opening "{"`, statement.line, statement.column, file);
  }
  if (!spec.block && statement.end === '{') {
    throw new NginxParseError(`directive "${name}" is not terminated by ";"`, statement.line, statement.column, file);
  }
  const count = directive.args.length;
  if (count < spec.min || count > spec.max) {
    const hint = count > spec.max ? ' (missing ";"?)' : '';
    throw new NginxParseError(`invalid number of arguments in "${name}" directive${hint}`, directive.line, directive.column, file);
  }
}

function missingIncludeWarning(directive: NginxDirective, pattern: string): ParseWarning {
  const base = { line: directive.line, column: directive.column, directive: 'include' } as const;
  const where = directive.file === undefined ? {} : { file: directive.file };
  if (/(^|\/)mime\.types$/.test(pattern)) {
    return { ...base, ...where, kind: 'ignored', message: `"${pattern}" is not needed: Portico has its own MIME types table` };
  }
  const what = isGlobPattern(pattern) ? `no pasted file matches "${pattern}"` : `"${pattern}" was not pasted`;
  return { ...base, ...where, kind: 'unsupported', message: `${what}; add it to "files" to import the directives it contains` };
}

/**
 * Parses nginx configuration text. `files` maps names to contents for `include`
 * (keys may be full paths, relative paths or file names; globs are expanded over them).
 * Throws NginxParseError with the line and column of the first syntax error.
 */
export function parseNginx(text: string, files: Readonly<Record<string, string>> = {}, budget = new ImportBudget()): ParsedConfig {
  budget.add('expandedBytes', Buffer.byteLength(text), { line: 1, column: 1 });
  const parser = new Parser(files, budget);
  const directives = parser.parseText(text, undefined, { parent: 'main', foreign: false, depth: 0, includeStack: [] });
  return { directives, warnings: parser.warnings };
}
