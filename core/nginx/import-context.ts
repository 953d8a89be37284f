// State shared by the mappers of one import: the warnings, which directives have been
// mapped (everything else is reported at the end, so nothing is dropped silently),
// and the names the http level defines (upstreams, zones, the WebSocket map).
import type { NginxDirective } from './ast.ts';
import { ImportBudget, IMPORT_LIMITS, ImportLimitError } from './import-limits.ts';
import type { ImportWarning, ImportWarningKind } from './import-plan.ts';
import { MatchBudgetExceeded, PastedFiles } from './include-files.ts';

export class ImportContext {
  readonly warnings: ImportWarning[] = [];
  /** Pasted files, for auth_basic_user_file. */
  readonly files: PastedFiles;
  readonly #budget: ImportBudget;
  /** auth_basic_user_file paths already looked up (every location inherits them). */
  readonly #userFiles = new Map<string, string | undefined>();
  /** Upstream names (lowercase, as nginx matches them) → pool name. */
  readonly pools = new Map<string, string>();
  readonly cacheZones = new Set<string>();
  readonly limitZones = new Map<string, 'REQUEST' | 'CONNECTION'>();
  /** Variables defined by `map $http_upgrade $x { default upgrade; '' close; }`. */
  readonly upgradeVariables = new Set<string>();
  /** Named regex captures anywhere in the configuration: each is a variable (capture-variables.ts). */
  readonly captureVariables = new Set<string>();
  /** Variables some `set` of the configuration makes (nginx declares them config-wide). */
  readonly userVariables = new Set<string>();
  /** Variables of the `map` blocks that were imported (map-maps.ts). */
  readonly mapVariables = new Set<string>();
  /** Entrypoints with a `listen … proxy_protocol` (Portico requires the header on the whole entrypoint). */
  readonly proxyProtocolEntrypoints = new Set<'http' | 'https'>();
  /** The text has an `http` block: a whole nginx.conf, not a file included from one. */
  wholeConfiguration = false;
  readonly #used = new Set<NginxDirective>();
  readonly #seen = new Set<string>();

  constructor(files: Readonly<Record<string, string>>, budget = new ImportBudget()) {
    this.files = new PastedFiles(files);
    this.#budget = budget;
  }

  /** The pasted file a literal path (auth_basic_user_file) names, if any. */
  pastedFile(directive: NginxDirective, path: string): string | undefined {
    if (this.#userFiles.has(path)) return this.#userFiles.get(path);
    let key: string | undefined;
    try {
      key = this.files.findAll(path, this.#budget.match, IMPORT_LIMITS.matchSteps)[0];
    } catch (error) {
      if (error instanceof MatchBudgetExceeded) throw new ImportLimitError('matchSteps', directive, `at "${directive.name} ${path.slice(0, 80)}"`);
      throw error;
    }
    this.#userFiles.set(path, key);
    return key;
  }

  /** Variables a value may use beyond nginx's built-in ones: the upgrade map's, named captures, `set` ones. */
  get extraVariables(): ReadonlySet<string> {
    if (this.captureVariables.size === 0 && this.userVariables.size === 0 && this.mapVariables.size === 0) return this.upgradeVariables;
    return new Set([...this.upgradeVariables, ...this.captureVariables, ...this.userVariables, ...this.mapVariables]);
  }

  /** Marks directives as mapped. */
  use(...directives: (NginxDirective | undefined)[]): void {
    for (const d of directives) if (d) this.#used.add(d);
  }

  /** Marks a block directive and everything inside it as handled. */
  useTree(directive: NginxDirective): void {
    this.#used.add(directive);
    for (const child of directive.block ?? []) this.useTree(child);
  }

  isUsed(directive: NginxDirective): boolean {
    return this.#used.has(directive);
  }

  /** Records a warning about `directive` (once, however many hosts inherit it) and marks it handled. */
  warn(directive: NginxDirective, kind: ImportWarningKind, message: string): void {
    this.#used.add(directive);
    const key = `${directive.file ?? ''}:${directive.line}:${directive.column}:${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const warning: ImportWarning = { line: directive.line, column: directive.column, directive: directive.name, message, kind };
    if (directive.file !== undefined) warning.file = directive.file;
    this.warnings.push(warning);
  }
}
