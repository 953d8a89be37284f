// The entry point of a data-plane worker thread (started by workers/worker-pool.ts).
// It answers the main thread's messages: a revision to apply, a new ticket key, active
// health verdicts, ACME tokens, status and cache calls, stop. Once a second it sends
// what its collector counted.
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import { createDataPlane } from './data-plane.ts';
import { createLogForwarder } from './log-forwarder.ts';
import { takeReport } from './stats-transfer.ts';
import type { ChallengeToken } from '../tls/acme-challenges.ts';
import type { FromWorker, ToWorker, WorkerData } from './messages.ts';

const data = workerData as WorkerData;
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

// Calls this worker makes of the main thread (a challenge token it does not know).
let nextCallId = 1;
const pending = new Map<number, (value: unknown) => void>();
const askMain = (token: string) =>
  new Promise<ChallengeToken | null>((resolve) => {
    const id = nextCallId++;
    pending.set(id, (value) => resolve((value as ChallengeToken | null) ?? null));
    send({ type: 'call', id, call: { method: 'challenge', token } });
  });

fs.mkdirSync(data.workerDir, { recursive: true, mode: 0o700 });
const lines = createLogForwarder(port);
const plane = createDataPlane(data, lines, { unexpired: async () => plane.challenges.known(), find: askMain });

// Revisions are applied one at a time, in the order they were sent.
let applying: Promise<void> = Promise.resolve();

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'apply':
      applying = applying.then(async () => {
        const error = await plane.apply(message.config);
        send({ type: 'applied', revision: error ? plane.current().revision : message.config.revision, error });
      });
      return;
    case 'ticketKey':
      plane.useTicketKey(Buffer.from(message.key));
      return;
    case 'verdicts':
      plane.applyVerdicts(message.verdicts);
      return;
    case 'challenges':
      plane.challenges.load(message.tokens);
      return;
    case 'reply':
      pending.get(message.id)?.(message.value);
      pending.delete(message.id);
      return;
    case 'call': {
      const { id, call } = message;
      // A purge reads entries' files: its answer may come later.
      void Promise.resolve()
        .then((): unknown => (call.method === 'status' ? { connections: plane.connections(), appliedRevision: plane.current().revision } : call.method === 'cacheZones' ? plane.cacheZones() : plane.purge(call.body)))
        .then(
          (value) => send({ type: 'reply', id, value }),
          (error: unknown) => send({ type: 'reply', id, error: (error as Error).message }),
        );
      return;
    }
    case 'stop':
      void stop(message.graceMs);
      return;
  }
});

const sentActive = new Map<string, number>();
const report = () => send({ type: 'stats', report: takeReport(plane.collector, sentActive, plane.connections()) });
// Just before the main thread's second boundary (its aggregator ticks 5 ms after it), so
// a second's requests land in that second's snapshot.
let timer: NodeJS.Timeout;
const schedule = () => {
  timer = setTimeout(() => {
    report();
    schedule();
  }, 1000 - (Date.now() % 1000));
};
schedule();

async function stop(graceMs: number): Promise<void> {
  clearTimeout(timer);
  await plane.stop(graceMs);
  report();
  lines.flush();
  port.close();
}

const ports = await plane.listen();
send({ type: 'listening', ports });
