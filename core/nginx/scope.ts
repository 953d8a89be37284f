// nginx's inheritance: a directive not set at a level takes its value from the
// enclosing level (http → server → location → nested location). Array directives
// (proxy_set_header, add_header, allow/deny, limit_req ...) are inherited as a whole,
// and only when the inner level defines none of them.
import type { NginxDirective } from './ast.ts';

export type ScopeLevel = 'http' | 'server' | 'location';

export class Scope {
  readonly level: ScopeLevel;
  readonly parent: Scope | null;
  readonly directives: readonly NginxDirective[];

  constructor(level: ScopeLevel, directives: readonly NginxDirective[], parent: Scope | null) {
    this.level = level;
    this.parent = parent;
    this.directives = directives;
  }

  /** Directive positions by name, built on first use (an http level may hold thousands of servers). */
  #byName: Map<string, number[]> | null = null;

  /** Directives written at this level only, in the order written. */
  own(...names: string[]): NginxDirective[] {
    if (!this.#byName) {
      this.#byName = new Map();
      this.directives.forEach((d, i) => {
        const list = this.#byName!.get(d.name);
        if (list) list.push(i);
        else this.#byName!.set(d.name, [i]);
      });
    }
    const positions: number[] = [];
    // Element by element: spreading 100,000 servers into push() overflows the stack.
    for (const name of names) for (const i of this.#byName.get(name) ?? []) positions.push(i);
    if (names.length > 1) positions.sort((a, b) => a - b);
    return positions.map((i) => this.directives[i]!);
  }

  /** The directives named `names` from the innermost level that has any of them (nginx array inheritance). */
  find(...names: string[]): NginxDirective[] {
    for (let scope: Scope | null = this; scope; scope = scope.parent) {
      const found = scope.own(...names);
      if (found.length > 0) return found;
    }
    return [];
  }

  /** The effective occurrence of a single-valued directive. */
  value(name: string): NginxDirective | undefined {
    return this.find(name)[0];
  }

  /** Whether any level up to `stop` (exclusive) sets one of `names`. */
  setsAny(names: readonly string[], stop: Scope | null = null): boolean {
    for (let scope: Scope | null = this; scope && scope !== stop; scope = scope.parent) {
      if (scope.own(...names).length > 0) return true;
    }
    return false;
  }

  /** The nearest enclosing scope of a level (this one included). */
  nearest(level: ScopeLevel): Scope | null {
    for (let scope: Scope | null = this; scope; scope = scope.parent) if (scope.level === level) return scope;
    return null;
  }
}
