// One logger for every Portico process (supervisor, engine, dashboard, controller): pino,
// one JSON object per line on stdout with `time`, `level`, `msg` and `component`, so a
// container runtime or journald can collect and filter it as is. (The `portico` command
// answers on stdout and stderr as a command does.) PORTICO_LOG_FORMAT=pretty prints the
// same records readably (the default at a terminal). Writes to stdout are synchronous: a
// process that exits right after logging (a refused start) must not lose its last line;
// the per-request access log has its own asynchronous writer (proxy-engine/logs/log-file.ts).
import { pino, stdTimeFunctions, type Logger } from 'pino';
import PinoPretty from 'pino-pretty';
import { PorticoEnv } from '../env.ts';

export type Component = 'supervisor' | 'engine' | 'dashboard' | 'controller';
export type { Logger };

export type LogFormat = 'json' | 'pretty';

/** PORTICO_LOG_FORMAT, else pretty at a terminal and JSON everywhere else. A bad value falls back (readEnv reports it). */
export function logFormat(source: Record<string, string | undefined> = process.env, isTty = Boolean(process.stdout.isTTY)): LogFormat {
  const parsed = PorticoEnv.shape.PORTICO_LOG_FORMAT.safeParse(source.PORTICO_LOG_FORMAT || undefined);
  return (parsed.success ? parsed.data : undefined) ?? (isTty ? 'pretty' : 'json');
}

function logLevel(source: Record<string, string | undefined>): string {
  const parsed = PorticoEnv.shape.PORTICO_LOG_LEVEL.safeParse(source.PORTICO_LOG_LEVEL || undefined);
  return parsed.success ? parsed.data : 'info';
}

export interface LoggerOptions {
  env?: Record<string, string | undefined>;
  /** Where lines go (default stdout); tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
  /** Default true: every line is written before the call returns (see above). */
  sync?: boolean;
}

export function createLogger(component: Component, options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const settings = {
    level: logLevel(env),
    base: { component },
    timestamp: stdTimeFunctions.isoTime,
    // Levels as words ("error"), not pino's numbers: what people grep for.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (logFormat(env) === 'pretty') {
    const pretty = PinoPretty({
      colorize: Boolean(process.stdout.isTTY) && !options.destination,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,component',
      messageFormat: '[{component}] {msg}',
      sync: options.sync ?? true,
      destination: options.destination ?? 1,
    });
    return pino(settings, pretty);
  }
  return pino(settings, options.destination ?? pino.destination({ fd: 1, sync: options.sync ?? true }));
}

/**
 * Node prints process warnings (process.emitWarning: a request that failed unexpectedly,
 * lines a full disk dropped) as free text on stderr; a process that logs JSON logs them as
 * records too, through its logger, instead.
 */
export function logProcessWarnings(log: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => log.warn({ warning: warning.name }, warning.message));
}
