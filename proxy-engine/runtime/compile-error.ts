// A location that cannot compile, with the path of the offending field inside the
// location: any floor's compile code throws it, compile.ts reports it and disables that
// location only.
export class LocationCompileError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}
