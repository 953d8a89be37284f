// The syntax tree the nginx parser produces. It keeps every directive with its
// position so that each import warning can point at the line that caused it.

/** Where and how one argument was written. */
export interface ArgInfo {
  /** The argument was written in single or double quotes. */
  quoted: boolean;
  /** 1-based line of the argument's first character (the quote, if quoted). */
  line: number;
  /** 1-based column of the argument's first character. */
  column: number;
}

/** One directive: `name args...;` or `name args... { block }`. */
export interface NginxDirective {
  /** Directive name (the first word), e.g. "proxy_pass". May be "" inside `map` blocks. */
  name: string;
  /** Arguments after the name, unescaped exactly as nginx does (quotes removed, \" \' \\ \t \r \n decoded). */
  args: string[];
  /** Position and quoting of each argument, parallel to `args`. */
  argInfo: ArgInfo[];
  /** 1-based line of the directive name. */
  line: number;
  /** 1-based column of the directive name. */
  column: number;
  /** Key of the pasted file the directive came from (an `include`d file); undefined for the main text. */
  file?: string;
  /** Contents of `{ ... }` for block directives (http, server, location, upstream, if, map, ...). */
  block?: NginxDirective[];
}

/** A problem the parser could work around (an include it could not resolve). */
export interface ParseWarning {
  line: number;
  column: number;
  file?: string;
  directive: string;
  message: string;
  /** 'ignored' when the missing file cannot matter to Portico (mime.types), else 'unsupported'. */
  kind: 'ignored' | 'unsupported';
}

/** The parsed configuration: top-level directives (the main context) and warnings. */
export interface ParsedConfig {
  directives: NginxDirective[];
  warnings: ParseWarning[];
}
