// A worker's access and error log lines, carried to the main thread, whose LogFile is the
// only writer of logs/access.log and logs/error.log (so size rotation and logrotate's
// SIGUSR1 reopen stay single, as with one nginx master reopening for its workers).
// Lines are batched: one message per 100 ms or per 256 lines, whichever comes first, each
// kind as one string of lines (one string crosses the thread boundary far cheaper than
// an array of 256, and the file takes it as one append).
import type { MessagePort } from 'node:worker_threads';
import type { FromWorker } from './messages.ts';

const FLUSH_MS = 100;
const BATCH_LINES = 256;

export interface LineSink {
  append(line: string): void;
}

export interface LogForwarder {
  access: LineSink;
  error: LineSink;
  /** Sends what is waiting now (before the worker stops). */
  flush(): void;
  stop(): void;
}

export function createLogForwarder(port: Pick<MessagePort, 'postMessage'>): LogForwarder {
  let access: string[] = [];
  let error: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (access.length === 0 && error.length === 0) return;
    const message: FromWorker = { type: 'logs', access: access.join('\n'), error: error.join('\n') };
    access = [];
    error = [];
    port.postMessage(message);
  };
  const queued = () => {
    if (access.length + error.length >= BATCH_LINES) flush();
    else if (!timer) {
      timer = setTimeout(flush, FLUSH_MS);
      timer.unref();
    }
  };
  return {
    access: {
      append(line) {
        access.push(line);
        queued();
      },
    },
    error: {
      append(line) {
        error.push(line);
        queued();
      },
    },
    flush,
    stop: flush,
  };
}
