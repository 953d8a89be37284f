// What a `portico` command ends with when it cannot do what was asked: the message for
// stderr and the exit code (2: the command line itself is wrong; 1: everything else).
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(message, 2);
