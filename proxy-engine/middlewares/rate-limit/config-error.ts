// A limit rule that cannot be compiled (unknown zone, duplicate zone, bad status). The
// runtime compiler records it against the location, which is disabled alone (the way
// nginx refuses such a configuration, but per object).
export class LimitConfigError extends Error {
  override name = 'LimitConfigError';
  /** Field path inside the location's policies, e.g. "rateLimits.1.zone". */
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}
